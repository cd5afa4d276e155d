"""An organisation's page is public: a phone number or an e-mail address typed into its name,
its sentence or its presentation is refused and named (people write through the site)."""

import html
import re

import pytest

from entraide.core.exceptions import ActionRefused
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.organisations.services import OrganisationProfile, create_organisation
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def organisation_form(**changes: str) -> dict:
    return {
        "name": "Repair Café Bragard", "kind": "association",
        "short_description": "On répare ensemble.", "description": "",
        "interests": [Interest.ENVIRONMENT.value], "place": "Saint-Dizier",
        "street_address": "", "website": "", "rna_number": "", "siren": "", **changes,
    }  # fmt: skip


def error_of(response, field: str) -> str:
    assert response.status_code == 200
    match = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', response.text)
    assert match, f"no message under {field}"
    return html.unescape(match.group(1))


def test_a_phone_number_in_the_presentation_is_refused_and_named(client, volunteer, territory):
    client.force_login(volunteer)

    response = client.post(
        "/organisations/nouvelle/",
        organisation_form(description="Permanence le mardi. **Tél. : 03 25 05 12 34**"),
    )

    assert error_of(response, "description") == (
        "Retirez le numéro de téléphone « 03 25 05 12 34 » : ce texte est public, et personne "
        "n’y voit de coordonnées. On vous écrit par la messagerie du site."
    )
    assert Organisation.objects.count() == 0


def test_an_email_address_in_the_sentence_is_refused_on_the_edit_form(
    client, association_admin, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/modifier/",
        organisation_form(name=organisation.name, short_description="Contact : jardins@exemple.fr"),
    )

    assert error_of(response, "short_description").startswith(
        "Retirez l’adresse e-mail « jardins@exemple.fr »"
    )
    organisation.refresh_from_db()
    assert organisation.short_description == "Des potagers cultivés ensemble."


def test_a_presentation_with_dates_prices_and_identifiers_is_saved(client, volunteer, territory):
    client.force_login(volunteer)
    text = "Rendez-vous le 12/03 à 14h30, 52100 Saint-Dizier, 3 €. Association RNA W123456789, SIRET 732 829 320 00074."

    response = client.post("/organisations/nouvelle/", organisation_form(description=text))

    assert response.status_code == 302
    assert Organisation.objects.get().description == text


def test_create_organisation_refuses_an_email_address_in_the_presentation(volunteer, saint_dizier):
    profile = OrganisationProfile(
        name="Repair Café", kind="association", short_description="On répare.",
        commune=saint_dizier, description="Écrivez à repair(at)exemple(point)fr",
    )  # fmt: skip

    with pytest.raises(ActionRefused) as refusal:
        create_organisation(volunteer, profile)

    assert refusal.value.field == "description"
    assert Organisation.objects.count() == 0
