"""Sign-up, e-mail verification, login, logout and password reset, with mail over real SMTP."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from entraide.accounts.models import User
from entraide.accounts.tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "un-autre-mot-de-passe-99"


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def signup(client, smtp_server, django_capture_on_commit_callbacks):
    """Sign Camille up through the form; the verification mail goes through SMTP."""

    def sign_up(**overrides: str):
        data = {
            "first_name": "Camille",
            "last_name": "Dupont",
            "email": "camille@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_charter": "on",
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/comptes/signup/", data)

    return sign_up


def test_signup_creates_a_person_whose_email_is_not_verified_yet(signup, db):
    response = signup()

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    person = User.objects.get()
    assert person.email == "camille@example.org"
    assert person.first_name == "Camille"
    assert person.last_name == "Dupont"
    assert person.public_name == "Camille D."
    assert person.check_password(PASSWORD)
    address = EmailAddress.objects.get(user=person)
    assert address.email == "camille@example.org"
    assert not address.verified


def test_signup_sends_a_verification_mail_over_smtp_with_a_link(signup, smtp_server, db):
    signup()

    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    assert mail.subject.startswith("[entraide] ")
    assert path_of(mail.link(r"http://testserver/comptes/confirm-email/\S+/")).startswith(
        "/comptes/confirm-email/"
    )


def test_signup_without_first_name_is_refused(signup, smtp_server, db):
    response = signup(first_name="")

    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    assert User.objects.count() == 0
    assert smtp_server.messages == []


def test_signup_with_an_address_already_used_sends_no_second_account(signup, volunteer):
    signup()

    assert User.objects.filter(email="camille@example.org").count() == 1


def test_verification_link_confirms_the_address_and_logs_in(signup, client, smtp_server, db):
    signup()
    link = path_of(smtp_server.last_link(r"http://testserver/comptes/confirm-email/\S+/"))

    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get().verified  # a GET shows a button; it confirms nothing
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get().verified
    assert client.get("/compte/profil/").status_code == 200


def test_login_with_an_unverified_address_is_sent_to_verification(client, smtp_server, db):
    UserFactory(email="newcomer@example.org", verified=False)

    response = client.post(
        "/comptes/login/", {"login": "newcomer@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_login_with_a_verified_address_logs_in(client, volunteer):
    response = client.post(
        "/comptes/login/", {"login": "camille@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(volunteer.pk)


def test_login_with_a_wrong_password_is_refused(client, volunteer):
    response = client.post("/comptes/login/", {"login": "camille@example.org", "password": "non"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_ignores_the_case_of_the_address(client, volunteer):
    response = client.post(
        "/comptes/login/", {"login": "Camille@Example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(volunteer.pk)


def test_logout_ends_the_session(client, volunteer):
    client.force_login(volunteer)

    response = client.post("/comptes/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mail_arrives_and_its_link_sets_a_new_password(
    client, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/comptes/password/reset/", {"email": "camille@example.org"})
    assert response.status_code == 302

    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    link = path_of(mail.link(r"http://testserver/comptes/password/reset/key/\S+/"))
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, smtp_server, db):
    response = client.post("/comptes/password/reset/", {"email": "personne@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/comptes/password/reset/done/"


def test_verification_mail_greets_the_newcomer_by_first_name_and_names_the_site(
    signup, smtp_server, settings, db
):
    settings.SITE_NAME = "Entraide Saint-Dizier"
    signup()

    [mail] = smtp_server.wait_for(1)
    first_line = mail.body.strip().splitlines()[0]
    assert first_line == "Bonjour Camille,"
    assert "sur Entraide Saint-Dizier" in mail.body
    assert " sur ." not in mail.body
    assert "c'est  !" not in mail.body
    assert mail.subject == "[entraide] Confirmez votre adresse e-mail"
