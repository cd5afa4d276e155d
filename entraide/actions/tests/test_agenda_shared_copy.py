"""The agenda's results are rendered once per question and shared for a few seconds
(core/shared_pages.py): a change shows at once, the join buttons carry each visitor's own CSRF
token, and nothing of one visitor reaches another."""

import re

import pytest
from django.test import Client
from django.test.utils import override_settings

from entraide.actions import services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Action, Participation
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.shared_pages import CSRF_PLACEHOLDER

pytestmark = pytest.mark.django_db

AGENDA = "/saint-dizier/agenda/"


def csrf_tokens_in(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def renamed_behind_the_listings_back(title: str) -> None:
    """A change the listing's version does not see (a bulk update, no receiver): a page that
    still shows the old title was served from the shared copy, not searched again."""
    Action.objects.update(title=title)


def test_a_second_visitor_asking_the_same_question_is_served_without_searching_again(
    client, association_admin, organisation
):
    make_action(association_admin, organisation, title="Chantier au jardin partagé")
    first = client.get(AGENDA, {"q": "jardin"})
    renamed_behind_the_listings_back("Titre que seule une nouvelle recherche verrait")
    second = Client().get(AGENDA, {"q": "jardin"})
    assert "Chantier au jardin partagé" in second.content.decode()
    assert "Titre que seule une nouvelle recherche verrait" not in second.content.decode()
    assert first.content.decode().count("Je participe") == second.content.decode().count(
        "Je participe"
    )


def test_each_visitor_gets_a_working_csrf_token_of_their_own_in_a_shared_copy(
    association_admin, organisation, volunteer, outsider
):
    action = make_action(association_admin, organisation, title="Chantier au jardin partagé")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(volunteer)
    second.force_login(outsider)
    first_page = first.get(AGENDA).content.decode()
    second_page = second.get(AGENDA).content.decode()  # served from the shared copy
    assert CSRF_PLACEHOLDER not in first_page + second_page
    assert csrf_tokens_in(first_page) and csrf_tokens_in(second_page)
    assert csrf_tokens_in(first_page).isdisjoint(csrf_tokens_in(second_page))
    token = csrf_tokens_in(second_page).pop()
    response = second.post(
        f"/actions/creneaux/{first_slot(action).pk}/participer/", {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert Participation.objects.get(person=outsider).status == ParticipationStatus.CONFIRMED


def test_a_sign_up_that_fills_a_slot_shows_at_once_in_the_shared_results(
    client, association_admin, organisation, volunteer
):
    action = make_action(association_admin, organisation, title="Tournoi", capacity=1)
    assert "1 place restante" in client.get(AGENDA).content.decode()
    services.join_slot(volunteer, first_slot(action))
    assert "Complet" in client.get(AGENDA).content.decode()


def test_a_newly_published_action_shows_at_once(client, association_admin, organisation):
    draft = make_action(association_admin, organisation, title="Collecte de jouets", publish=False)
    assert "Collecte de jouets" not in client.get(AGENDA).content.decode()
    services.publish_action(association_admin, draft)
    assert "Collecte de jouets" in client.get(AGENDA).content.decode()


def test_a_shared_copy_shows_nothing_of_the_visitor_who_filled_it(
    association_admin, organisation, volunteer
):
    make_action(association_admin, organisation, title="Chantier au jardin partagé")
    camille = Client()
    camille.force_login(volunteer)
    camille.get(AGENDA)
    anonymous_page = Client().get(AGENDA).content.decode()
    assert volunteer.email not in anonymous_page
    assert volunteer.first_name not in anonymous_page
    assert "Actions pour moi" not in anonymous_page  # the logged-in part is rendered per visitor


@override_settings(ENTRAIDE_AGENDA_SHARED_SECONDS=0)
def test_with_sharing_switched_off_every_request_searches(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Chantier au jardin partagé")
    client.get(AGENDA)
    renamed_behind_the_listings_back("Titre que seule une nouvelle recherche verrait")
    second = client.get(AGENDA).content.decode()
    assert "Titre que seule une nouvelle recherche verrait" in second
    assert "Chantier au jardin partagé" not in second


def test_the_json_agenda_is_shared_too_and_follows_sign_ups_at_once(
    client, association_admin, organisation, volunteer
):
    action = make_action(association_admin, organisation, title="Tournoi", capacity=2)
    url = "/api/v1/actions?territory=saint-dizier"
    assert client.get(url).json()["items"][0]["places_left"] == 2
    renamed_behind_the_listings_back("Titre que seule une nouvelle recherche verrait")
    shared = Client().get(url).json()["items"][0]
    assert (shared["places_left"], shared["title"]) == (2, "Tournoi")
    services.join_slot(volunteer, first_slot(action))
    assert client.get(url).json()["items"][0]["places_left"] == 1


def test_the_placeholder_typed_by_a_visitor_never_becomes_their_csrf_token(
    client, association_admin, organisation
):
    make_action(association_admin, organisation, title=CSRF_PLACEHOLDER)
    page = client.get(AGENDA, {"q": CSRF_PLACEHOLDER}).content.decode()
    token = csrf_tokens_in(page)
    assert token  # the join button got the visitor's token…
    assert page.count(token.pop()) == 1  # …and only the join button
    assert CSRF_PLACEHOLDER in page  # the title and the links keep the words as typed
