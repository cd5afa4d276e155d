"""The phone field of the profile: real numbers only, stored one way, read back the French way."""

import html
import re

import pytest

from entraide.accounts.enums import PublicNameStyle
from entraide.accounts.services import update_profile
from entraide.core.exceptions import ActionRefused

pytestmark = pytest.mark.django_db

INVALID = (
    "Ce numéro de téléphone n’est pas valide : écrivez par exemple 06 12 34 56 78, ou avec "
    "l’indicatif pour l’outre-mer et l’étranger (+262 692 12 34 56, +32 2 555 12 12)."
)


def profile_form(phone: str) -> dict[str, str]:
    return {
        "first_name": "Camille", "last_name": "Dupont",
        "public_name_style": PublicNameStyle.FIRST_NAME_INITIAL, "pseudonym": "",
        "phone": phone, "street_address": "", "bio": "", "commune": "",
    }  # fmt: skip


def phone_error(response) -> str:
    assert response.status_code == 200
    match = re.search(r'<p class="error" id="id_phone_error">([^<]*)</p>', response.text)
    assert match, "no message under the phone field"
    return html.unescape(match.group(1))


def phone_shown_in_the_form(client) -> str:
    return client.get("/compte/profil/").context["form"]["phone"].value()


@pytest.mark.parametrize(
    "typed", ["abc <b>x</b>", "06 12 34", "07 00 00 00 00", "06 12 34 56 78 9"]
)
def test_profile_refuses_a_phone_that_is_not_a_number_with_a_message_by_the_field(
    client, volunteer, typed
):
    client.force_login(volunteer)

    response = client.post("/compte/profil/", {**profile_form(typed), "last_name": "Autre"})

    assert phone_error(response) == INVALID
    volunteer.refresh_from_db()
    assert volunteer.phone == ""
    assert volunteer.last_name != "Autre"  # nothing of the form is saved


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("06.12.34.56.78", "+33612345678", "06 12 34 56 78"),
        ("0033 6 12 34 56 78", "+33612345678", "06 12 34 56 78"),
        ("+33 (0)1 23 45 67 89", "+33123456789", "01 23 45 67 89"),
        ("+262 692 12 34 56", "+262692123456", "0692 12 34 56"),
        ("+32 2 555 12 12", "+3225551212", "+32 2 555 12 12"),
    ],
)
def test_profile_stores_the_phone_in_international_form_and_shows_it_the_french_way(
    client, volunteer, typed, stored, shown
):
    client.force_login(volunteer)

    response = client.post("/compte/profil/", profile_form(typed))

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.phone == stored
    assert phone_shown_in_the_form(client) == shown


def test_profile_can_be_saved_without_a_phone(client, volunteer):
    volunteer.phone = "+33612345678"
    volunteer.save(update_fields=["phone"])
    client.force_login(volunteer)

    response = client.post("/compte/profil/", profile_form(""))

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.phone == ""


def test_an_old_phone_stored_before_the_check_is_shown_as_it_was_and_asked_to_be_corrected(
    client, volunteer
):
    volunteer.phone = "abc <b>x</b>"  # typed before numbers were checked
    volunteer.save(update_fields=["phone"])
    client.force_login(volunteer)

    page = client.get("/compte/profil/")

    assert page.status_code == 200
    assert 'value="abc &lt;b&gt;x&lt;/b&gt;"' in page.text
    assert phone_error(client.post("/compte/profil/", profile_form("abc <b>x</b>"))) == INVALID


def test_an_old_phone_in_national_form_is_shown_as_such(client, volunteer):
    volunteer.phone = "06 12 34 56 78"
    volunteer.save(update_fields=["phone"])
    client.force_login(volunteer)

    assert phone_shown_in_the_form(client) == "06 12 34 56 78"


def test_update_profile_refuses_a_phone_that_is_not_a_number(volunteer):
    with pytest.raises(ActionRefused) as refusal:
        update_profile(volunteer, volunteer, phone="abc <b>x</b>")

    assert (refusal.value.field, refusal.value.message) == ("phone", INVALID)
    volunteer.refresh_from_db()
    assert volunteer.phone == ""


def test_update_profile_stores_a_french_phone_in_international_form(volunteer):
    update_profile(volunteer, volunteer, phone="06 12 34 56 78")

    volunteer.refresh_from_db()
    assert volunteer.phone == "+33612345678"
