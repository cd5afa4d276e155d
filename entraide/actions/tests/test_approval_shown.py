"""An action that needs its organisation's approval says so before anyone clicks, and a request
still waiting for the answer is not offered to a calendar (issue 11, item 14)."""

import pytest

from entraide.actions import services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db

AGENDA = "/saint-dizier/agenda/"
BADGE = "Sur validation de l’organisation"


def ics_url(participation):
    return f"/actions/participations/{participation.pk}/agenda.ics"


def test_action_needing_approval_says_so_on_its_agenda_card_and_its_page(
    client, association_admin, organisation
):
    vetted = make_action(
        association_admin, organisation, title="Maraude du soir", requires_approval=True
    )
    make_action(association_admin, organisation, title="Chantier au jardin")

    agenda = client.get(AGENDA).content.decode()
    page = client.get(vetted.get_absolute_url()).content.decode()

    cards = agenda.split('<li class="card slot-card">')[1:]
    vetted_card = next(card for card in cards if "Maraude du soir" in card)
    open_card = next(card for card in cards if "Chantier au jardin" in card)
    assert BADGE in vetted_card
    assert "Demander à participer" in vetted_card
    assert BADGE not in open_card
    assert "Je participe" in open_card
    assert BADGE in page
    assert "Votre demande est envoyée à l’organisation" in page


def test_action_without_approval_has_no_badge_on_its_page(client, association_admin, organisation):
    action = make_action(association_admin, organisation)

    page = client.get(action.get_absolute_url()).content.decode()

    assert BADGE not in page


def test_pending_request_is_not_offered_to_the_calendar_while_a_confirmed_place_is(
    client, association_admin, organisation, volunteer
):
    vetted = make_action(association_admin, organisation, requires_approval=True)
    open_action = make_action(association_admin, organisation, title="Chantier au jardin")
    pending = services.join_slot(volunteer, first_slot(vetted), motivation="J’ai déjà maraudé.")
    confirmed = services.join_slot(volunteer, first_slot(open_action))
    client.force_login(volunteer)

    body = client.get("/mon-agenda/").content.decode()

    assert (pending.status, confirmed.status) == (
        ParticipationStatus.PENDING,
        ParticipationStatus.CONFIRMED,
    )
    assert ics_url(confirmed) in body
    assert ics_url(pending) not in body
    assert body.count("Ajouter à mon calendrier") == 1
    assert "En attente de la réponse de l’organisation" in body


def test_pending_request_has_no_calendar_file(client, association_admin, organisation, volunteer):
    vetted = make_action(association_admin, organisation, requires_approval=True)
    pending = services.join_slot(volunteer, first_slot(vetted), motivation="J’ai déjà maraudé.")
    client.force_login(volunteer)

    response = client.get(ics_url(pending))

    assert response.status_code == 404


def test_approved_request_is_offered_to_the_calendar(
    client, association_admin, organisation, volunteer
):
    vetted = make_action(association_admin, organisation, requires_approval=True)
    pending = services.join_slot(volunteer, first_slot(vetted), motivation="J’ai déjà maraudé.")
    services.decide_participation(association_admin, pending, approve=True, reason="")
    client.force_login(volunteer)

    body = client.get("/mon-agenda/").content.decode()

    assert ics_url(pending) in body
    assert client.get(ics_url(pending)).status_code == 200
