"""An action placed outside its organisation's territory is saved only once its manager has read
where it will be listed and confirmed the place (issue 11, item 5)."""

import pytest

from entraide.actions import selectors
from entraide.actions.models import Action
from entraide.actions.tests.factories import first_slot, make_action
from entraide.territories.services import create_territory
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

CONFIRMATION = "Je confirme le lieu"


@pytest.fixture
def joinville(db):
    """Joinville (52250), listed by « Pays de Joinville », not by Saint-Dizier's territory."""
    commune = CommuneFactory(
        insee_code="52250", name="Joinville", postcodes="52300", latitude=48.44, longitude=5.14
    )
    create_territory(None, name="Pays de Joinville", commune_codes=["52250"])
    return commune


@pytest.fixture
def langres(db):
    """Langres (52269), which no territory lists."""
    return CommuneFactory(
        insee_code="52269", name="Langres", postcodes="52200", latitude=47.86, longitude=5.33
    )


def action_data(**changes):
    data = {
        "kind": "mission",
        "title": "Atelier de réparation de vélos",
        "description": "Réparons ensemble les vélos du quartier.",
        "interests": ["1"],
        "place": "Chancenay",
        "max_companions": "0",
        "waitlist_mode": "offer",
        "offer_hours": "12",
    }
    data.update(changes)
    return data


def create_url(organisation):
    return f"/organisations/{organisation.slug}/actions/nouvelle/"


def test_action_placed_outside_the_territory_says_where_it_will_be_listed_and_waits_for_confirmation(
    client, association_admin, organisation, joinville
):
    client.force_login(association_admin)

    response = client.post(create_url(organisation), action_data(place="Joinville"))

    body = response.content.decode()
    assert response.status_code == 200
    assert Action.objects.count() == 0
    assert "Joinville (52) est hors du territoire de votre organisation" in body
    assert "l’agenda de Pays de Joinville" in body
    assert CONFIRMATION in body
    assert 'name="confirm_place" value="52250"' in body


def test_confirmed_place_outside_the_territory_is_saved(
    client, association_admin, organisation, joinville
):
    client.force_login(association_admin)

    response = client.post(
        create_url(organisation), action_data(place="Joinville", confirm_place="52250")
    )

    action = Action.objects.get()
    assert response.status_code == 302
    assert action.commune == joinville


def test_place_that_no_territory_lists_says_it_will_be_in_no_agenda(
    client, association_admin, organisation, langres
):
    client.force_login(association_admin)

    response = client.post(create_url(organisation), action_data(place="Langres"))

    body = response.content.decode()
    assert Action.objects.count() == 0
    assert (
        "ne sera listée dans l’agenda d’aucun territoire, seulement sur la page de votre "
        "organisation" in body
    )
    assert CONFIRMATION in body


def test_action_inside_the_territory_is_saved_without_a_word_about_its_place(
    client, association_admin, organisation, joinville
):
    client.force_login(association_admin)

    response = client.post(create_url(organisation), action_data(place="Chancenay"))

    assert response.status_code == 302
    assert Action.objects.get().commune.insee_code == "52104"


def test_remote_action_without_a_place_is_saved_without_confirmation(
    client, association_admin, organisation, joinville
):
    client.force_login(association_admin)

    response = client.post(create_url(organisation), action_data(place="", is_remote="on"))

    assert response.status_code == 302
    assert Action.objects.get().commune == organisation.commune


def test_confirming_one_commune_does_not_confirm_another(
    client, association_admin, organisation, joinville, langres
):
    client.force_login(association_admin)

    response = client.post(
        create_url(organisation), action_data(place="Langres", confirm_place="52250")
    )

    body = response.content.decode()
    assert Action.objects.count() == 0
    assert 'name="confirm_place" value="52269"' in body


def test_editing_an_action_to_a_place_outside_changes_nothing_until_confirmed(
    client, association_admin, organisation, joinville
):
    action = make_action(association_admin, organisation, title="Chantier au jardin")
    client.force_login(association_admin)

    response = client.post(
        f"/actions/{action.pk}/modifier/", action_data(title="Chantier", place="Joinville")
    )

    action.refresh_from_db()
    assert response.status_code == 200
    assert CONFIRMATION in response.content.decode()
    assert (action.title, action.commune.insee_code) == ("Chantier au jardin", "52448")
    assert first_slot(action).commune_id == "52448"


def test_confirmed_edit_moves_the_action_and_its_slots_to_the_other_territory(
    client, association_admin, organisation, joinville
):
    action = make_action(association_admin, organisation)
    client.force_login(association_admin)

    response = client.post(
        f"/actions/{action.pk}/modifier/", action_data(place="Joinville", confirm_place="52250")
    )

    action.refresh_from_db()
    assert response.status_code == 302
    assert action.commune == joinville
    assert first_slot(action).commune_id == "52250"


def test_territories_listing_a_commune_are_those_holding_it_by_name(
    organisation, joinville, territory
):
    create_territory(None, name="Haute-Marne", commune_codes=["52250", "52448"])

    listing = selectors.territories_listing(joinville)

    assert [t.name for t in listing] == ["Haute-Marne", "Pays de Joinville"]
    # Haute-Marne lists both Saint-Dizier and Joinville: Joinville is now inside.
    assert selectors.is_outside_organisation_territory(organisation, joinville) is False
