import pytest
from django.core.exceptions import PermissionDenied

from entraide.accounts.enums import PublicNameStyle
from entraide.accounts.models import User
from entraide.accounts.services import update_profile
from entraide.accounts.tests.factories import UserFactory
from entraide.core.models import AuditEntry

PROFILE_FORM = {
    "first_name": "Camille",
    "last_name": "Dupont",
    "public_name_style": PublicNameStyle.FIRST_NAME_INITIAL,
    "pseudonym": "",
    "phone": "06 12 34 56 78",
    "street_address": "12 rue de la Paix",
    "bio": "J’aime le *jardinage*.",
    "commune": "",
}


def test_profile_page_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/compte/profil/")

    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=/compte/profil/"


def test_profile_page_shows_the_owner_their_own_details(client, volunteer):
    client.force_login(volunteer)

    response = client.get("/compte/profil/")

    assert response.status_code == 200
    assert "camille@example.org" in response.text


def test_profile_saves_fields_and_turns_the_commune_text_into_home_commune(
    client, volunteer, saint_dizier
):
    client.force_login(volunteer)

    response = client.post("/compte/profil/", {**PROFILE_FORM, "commune": "52100"})

    assert response.status_code == 302
    assert response["Location"] == "/compte/profil/"
    volunteer.refresh_from_db()
    assert volunteer.home_commune == saint_dizier
    assert volunteer.phone == "+33612345678"  # stored in E.164, shown as typed (test_phone.py)
    assert volunteer.street_address == "12 rue de la Paix"
    assert volunteer.bio == "J’aime le *jardinage*."
    entry = AuditEntry.objects.get(action="accounts.profile.updated")
    assert entry.actor == volunteer
    assert "phone" in entry.data["fields"]


def test_profile_form_shows_the_saved_commune_by_name(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post("/compte/profil/", {**PROFILE_FORM, "commune": "st dizier"})

    response = client.get("/compte/profil/")

    assert response.context["form"]["commune"].value() == "Saint-Dizier"


def test_profile_with_an_unknown_commune_shows_the_error_by_the_field_and_saves_nothing(
    client, volunteer, territory
):
    client.force_login(volunteer)

    response = client.post(
        "/compte/profil/", {**PROFILE_FORM, "commune": "Atlantide", "phone": "07 00 00 00 00"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["commune"] == [
        "Nous ne trouvons pas « Atlantide ». Essayez un code postal (52100) ou un nom de commune."
    ]
    assert '<p class="error" id="id_commune_error">Nous ne trouvons pas' in response.text
    volunteer.refresh_from_db()
    assert volunteer.phone == ""
    assert volunteer.home_commune is None


def test_profile_with_pseudonym_style_but_no_pseudonym_is_refused(client, volunteer):
    client.force_login(volunteer)

    response = client.post(
        "/compte/profil/", {**PROFILE_FORM, "public_name_style": PublicNameStyle.PSEUDONYM}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["pseudonym"] == [
        "Choisissez un pseudonyme, ou un autre nom affiché."
    ]
    volunteer.refresh_from_db()
    assert volunteer.public_name_style == PublicNameStyle.FIRST_NAME_INITIAL


def test_profile_with_pseudonym_changes_the_public_name(client, volunteer):
    client.force_login(volunteer)

    client.post(
        "/compte/profil/",
        {**PROFILE_FORM, "public_name_style": PublicNameStyle.PSEUDONYM, "pseudonym": "Cam"},
    )

    volunteer.refresh_from_db()
    assert volunteer.public_name == "Cam"


def test_update_profile_of_someone_else_is_refused(volunteer, outsider):
    with pytest.raises(PermissionDenied):
        update_profile(outsider, volunteer, bio="piraté")

    volunteer.refresh_from_db()
    assert volunteer.bio == ""


def test_update_profile_refuses_fields_outside_the_profile(volunteer):
    with pytest.raises(ValueError, match="is_staff"):
        update_profile(volunteer, volunteer, is_staff=True)


@pytest.mark.parametrize(
    ("style", "pseudonym", "expected"),
    [
        (PublicNameStyle.FIRST_NAME_INITIAL, "", "Camille D."),
        (PublicNameStyle.FULL_NAME, "", "Camille Dupont"),
        (PublicNameStyle.PSEUDONYM, "Cam", "Cam"),
        (PublicNameStyle.PSEUDONYM, "", "Camille D."),
    ],
)
def test_public_name_follows_the_chosen_style(style, pseudonym, expected):
    person = User(
        first_name="Camille", last_name="Dupont", public_name_style=style, pseudonym=pseudonym
    )

    assert person.public_name == expected
    assert str(person) == expected


def test_public_name_without_last_name_is_the_first_name():
    assert User(first_name="Camille").public_name == "Camille"


def test_public_name_without_any_name_is_membre():
    assert User().public_name == "Membre"
    assert User(public_name_style=PublicNameStyle.FULL_NAME).public_name == "Membre"


def test_member_page_never_shows_email_phone_or_street_address(
    client, volunteer, outsider, saint_dizier
):
    update_profile(
        volunteer,
        volunteer,
        phone="06 12 34 56 78",
        street_address="12 rue de la Paix",
        home_commune=saint_dizier,
        bio="Bénévole au *Secours populaire*.",
    )
    client.force_login(volunteer)  # her own public page, as everyone with a reason sees it

    response = client.get(f"/membres/{volunteer.pk}/")

    assert response.status_code == 200
    assert "<h1>Camille D.</h1>" in response.text
    assert "Saint-Dizier" in response.text
    assert "<em>Secours populaire</em>" in response.text
    for secret in ("camille@example.org", "06 12 34 56 78", "12 rue de la Paix", "Dupont"):
        assert secret not in response.text


def test_member_pages_are_for_members_so_nobody_can_list_people_by_number(client, volunteer):
    response = client.get(f"/membres/{volunteer.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_member_page_shows_the_public_name_to_a_member(client, volunteer):
    client.force_login(UserFactory(email="root@example.org", is_staff=True))
    response = client.get(f"/membres/{volunteer.pk}/")

    assert response.status_code == 200
    assert "Camille D." in response.text
    assert "camille@example.org" not in response.text


def test_member_page_of_an_unknown_id_is_a_404(client, outsider):
    client.force_login(outsider)
    assert client.get("/membres/999999/").status_code == 404


def test_member_page_of_a_deactivated_person_is_a_404(client, volunteer, outsider):
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])
    client.force_login(outsider)

    assert client.get(f"/membres/{volunteer.pk}/").status_code == 404


def test_profile_page_shows_the_public_name_without_a_double_full_stop(client, volunteer):
    client.force_login(volunteer)

    body = client.get("/compte/profil/").content.decode()

    assert "<strong>Camille D.</strong>." not in body
    assert "C’est sous le nom <strong>Camille D.</strong> que les autres vous voient." in body
