"""A presentation is read by others: a phone number or an e-mail address typed into it is
refused, with a message naming what was found."""

import html
import re

import pytest

from entraide.accounts.enums import PublicNameStyle
from entraide.accounts.services import update_profile
from entraide.core.exceptions import ActionRefused

pytestmark = pytest.mark.django_db

PHONE_REFUSED = (
    "Retirez le numéro de téléphone « 06 12 34 56 78 » : ce texte est public, et personne n’y "
    "voit de coordonnées. On vous écrit par la messagerie du site."
)
EMAIL_REFUSED = (
    "Retirez l’adresse e-mail « camille.perso@example.net » : ce texte est public, et personne "
    "n’y voit de coordonnées. On vous écrit par la messagerie du site."
)


def profile_form(**changes: str) -> dict[str, str]:
    return {
        "first_name": "Camille", "last_name": "Dupont",
        "public_name_style": PublicNameStyle.FIRST_NAME_INITIAL, "pseudonym": "",
        "phone": "", "street_address": "", "bio": "", "commune": "", **changes,
    }  # fmt: skip


def error_of(response, field: str) -> str:
    assert response.status_code == 200
    match = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', response.text)
    assert match, f"no message under {field}"
    return html.unescape(match.group(1))


def test_a_phone_number_in_the_presentation_is_refused_and_named(client, volunteer):
    client.force_login(volunteer)

    response = client.post(
        "/compte/profil/", profile_form(bio="Bénévole, appelez-moi au 06 12 34 56 78 le soir.")
    )

    assert error_of(response, "bio") == PHONE_REFUSED
    volunteer.refresh_from_db()
    assert volunteer.bio == ""
    assert "06 12 34 56 78" not in client.get(f"/membres/{volunteer.pk}/").text


def test_an_email_address_in_the_pseudonym_is_refused_and_named(client, volunteer):
    client.force_login(volunteer)

    response = client.post(
        "/compte/profil/",
        profile_form(
            public_name_style=PublicNameStyle.PSEUDONYM, pseudonym="camille.perso@example.net"
        ),
    )

    assert error_of(response, "pseudonym") == EMAIL_REFUSED


def test_a_presentation_with_dates_postcodes_and_prices_is_saved(client, volunteer):
    client.force_login(volunteer)
    bio = "Rendez-vous le 12/03 à 14h30, 52100 Saint-Dizier, 3 €. Mon asso : RNA W123456789."

    response = client.post("/compte/profil/", profile_form(bio=bio))

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.bio == bio


def test_update_profile_refuses_an_email_address_in_the_presentation(volunteer):
    with pytest.raises(ActionRefused) as refusal:
        update_profile(volunteer, volunteer, bio="Écrivez-moi : camille.perso@example.net")

    assert (refusal.value.field, refusal.value.message) == ("bio", EMAIL_REFUSED)
    volunteer.refresh_from_db()
    assert volunteer.bio == ""
