"""After verifying their address a newcomer comes back where they were, on whichever device
opens the link, and is invited to fill a volunteer profile (issue 11, item 11)."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from entraide.accounts.tests.factories import PASSWORD

VERIFICATION_LINK = r"http://testserver/comptes/confirm-email/\S+"


def flashes(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def sign_up_from(client, smtp_server, django_capture_on_commit_callbacks):
    """Sign Nina up through the form reached from `page` (its address as `next`)."""

    def sign_up(page: str) -> str:
        data = {
            "first_name": "Nina",
            "last_name": "Roux",
            "email": "nina@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_charter": "on",
            "next": page,
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/comptes/signup/?next={page}", data)
        link = urlsplit(smtp_server.last_link(VERIFICATION_LINK))
        return f"{link.path}?{link.query}" if link.query else link.path

    return sign_up


@pytest.mark.parametrize("device", ["same", "other"])
def test_verifying_brings_the_newcomer_back_where_they_signed_up(
    client, territory, sign_up_from, device
):
    link = sign_up_from("/saint-dizier/annuaire/")
    browser = client if device == "same" else Client()

    page = browser.get(link)
    landing = browser.post(urlsplit(link).path, {"next": page.context["redirect_field_value"]})

    assert landing.status_code == 302
    assert landing["Location"] == "/saint-dizier/annuaire/"


def test_verifying_invites_the_newcomer_to_a_volunteer_profile(client, territory, sign_up_from):
    link = sign_up_from("/saint-dizier/annuaire/")

    landing = client.post(link, follow=True)

    html = landing.content.decode()
    assert any("profil de bénévole" in message for message in flashes(landing))
    assert 'href="/benevolat/profil/"' in html


def test_a_link_to_elsewhere_is_never_followed_after_verification(client, territory, sign_up_from):
    link = sign_up_from("https://ailleurs.example/")

    landing = client.post(link)

    assert not landing["Location"].startswith("https://ailleurs.example")


def test_the_header_sign_up_link_keeps_the_page_one_was_on(client, territory):
    page = client.get("/saint-dizier/annuaire/")

    assert 'href="/comptes/signup/?next=/saint-dizier/annuaire/"' in page.content.decode()
