"""A volunteer profile's presentation is read by the associations that search for volunteers:
a phone number or an e-mail address typed into it is refused and named."""

import html
import re

import pytest

from entraide.core.exceptions import ActionRefused
from entraide.volunteers.models import VolunteerProfile
from entraide.volunteers.services import ProfileDetails, save_profile

pytestmark = pytest.mark.django_db

PROFILE = "/benevolat/profil/"


def profile_data(presentation: str) -> dict[str, str]:
    return {
        "when": ["1-2"], "place": "52100", "travel_km": "15", "monthly_proposals": "3",
        "presentation": presentation,
        "periods-TOTAL_FORMS": "0", "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0", "periods-MAX_NUM_FORMS": "20",
    }  # fmt: skip


def presentation_error(response) -> str:
    assert response.status_code == 200
    match = re.search(r'<p class="error" id="id_presentation_error">([^<]*)</p>', response.text)
    assert match, "no message under the presentation"
    return html.unescape(match.group(1))


def test_an_email_address_spelled_out_in_the_presentation_is_refused_and_named(
    client, volunteer, saint_dizier
):
    client.force_login(volunteer)

    response = client.post(
        PROFILE, profile_data(presentation="Jardinière ! Écrivez-moi : camille [at] exemple.fr")
    )

    assert presentation_error(response) == (
        "Retirez l’adresse e-mail « camille [at] exemple.fr » : ce texte est public, et "
        "personne n’y voit de coordonnées. On vous écrit par la messagerie du site."
    )
    assert VolunteerProfile.objects.filter(person=volunteer).count() == 0


def test_a_presentation_with_times_and_a_postcode_is_saved(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    text = "Libre le samedi de 9h à 12h30, autour de 52100, depuis le 01/09/2025."

    response = client.post(PROFILE, profile_data(presentation=text))

    assert response.status_code == 302
    assert VolunteerProfile.objects.get(person=volunteer).presentation == text


def test_save_profile_refuses_a_phone_number_in_the_presentation(volunteer, saint_dizier):
    with pytest.raises(ActionRefused) as refusal:
        save_profile(
            volunteer,
            ProfileDetails(home_commune=saint_dizier, presentation="Tél. 06 12 34 56 78"),
        )

    assert refusal.value.field == "presentation"
    assert refusal.value.message.startswith("Retirez le numéro de téléphone « 06 12 34 56 78 »")
    assert VolunteerProfile.objects.count() == 0
