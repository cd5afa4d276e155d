"""Everyone reads an action's and an organisation's texts: a phone number or an e-mail address
typed there is refused with a message naming it, in the form and in the service."""

import pytest

from entraide.actions import services
from entraide.actions.models import Action
from entraide.actions.tests.factories import make_action
from entraide.actions.tests.test_organiser_actions import action_data
from entraide.core.exceptions import ActionRefused
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.organisations.services import OrganisationProfile, create_organisation
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    return make_organisation(association_admin, saint_dizier, verified_by=staff)


def test_an_action_description_with_a_phone_number_is_refused_next_to_the_field(
    client, association_admin, organisation
):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        action_data(description="Appelez Léa au 06 12 34 56 78 pour venir."),
    )

    assert response.status_code == 200
    assert "Retirez le numéro de téléphone « 06 12 34 56 78 »" in response.content.decode()
    assert not Action.objects.exists()


def test_an_action_with_dates_hours_and_a_postcode_is_accepted(
    client, association_admin, organisation
):
    client.force_login(association_admin)

    client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        action_data(description="Rendez-vous le 12/03 à 14h30, 52100 Saint-Dizier, 3 €."),
    )

    assert Action.objects.count() == 1


def test_the_action_service_refuses_an_e_mail_address_in_the_title(association_admin, organisation):
    action = make_action(association_admin, organisation)
    details = services.ActionDetails(
        kind="mission",
        title="Écrivez à lea@exemple.fr",
        description="Venez.",
        commune=organisation.commune,
        interests=(Interest.ENVIRONMENT,),
    )

    with pytest.raises(ActionRefused) as refusal:
        services.update_action(association_admin, action, details)

    assert refusal.value.field == "title"
    assert "lea@exemple.fr" in refusal.value.message


def test_an_organisation_description_with_an_e_mail_address_is_refused(
    client, volunteer, territory
):
    client.force_login(volunteer)

    response = client.post(
        "/organisations/nouvelle/",
        {
            "name": "Repair Café Bragard",
            "kind": "association",
            "short_description": "On répare ensemble.",
            "description": "Écrivez-nous : contact@repair-bragard.fr",
            "interests": [Interest.ENVIRONMENT.value],
            "place": "52100",
        },
    )

    assert response.status_code == 200
    assert "Retirez l’adresse e-mail « contact@repair-bragard.fr »" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_organisation_service_refuses_a_phone_in_its_sentence(volunteer, saint_dizier):
    profile = OrganisationProfile(
        name="Amicale",
        kind="association",
        short_description="Appelez le 03 25 00 00 00",
        commune=saint_dizier,
    )

    with pytest.raises(ActionRefused) as refusal:
        create_organisation(volunteer, profile)

    assert refusal.value.field == "short_description"
