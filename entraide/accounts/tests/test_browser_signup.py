"""A newcomer signs up on a phone-sized or desktop browser, confirms by e-mail, and is in."""

import re

import pytest
from allauth.account.models import EmailAddress

from conftest import assert_no_serious_axe_violations
from entraide.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_newcomer_signs_up_confirms_by_email_and_is_logged_in(
    live_server, transactional_db, smtp_server, page
):
    page.goto(f"{live_server.url}/comptes/signup/")
    assert_no_serious_axe_violations(page)

    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Dupont")
    page.fill("#id_email", "camille@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_accept_charter")
    page.locator("main form[action='/comptes/signup/'] [type=submit]").click()
    page.wait_for_url(re.compile(r"/comptes/confirm-email/$"))

    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    page.goto(mail.link(r"http://\S+/comptes/confirm-email/\S+/"))
    page.locator("main form [type=submit]").click()

    # Logged in: the menu (folded on a phone, a <details>) holds « Se déconnecter ».
    page.locator("form[action='/comptes/logout/']").wait_for(state="attached")
    assert EmailAddress.objects.get(email="camille@example.org").verified


def test_home_page_has_no_serious_accessibility_violation(
    live_server, transactional_db, territory, page
):
    page.goto(f"{live_server.url}/")

    assert page.get_by_role("heading", level=1).inner_text() == (
        "La vie associative près de chez vous"
    )
    assert_no_serious_axe_violations(page)


def test_home_page_on_a_phone_has_no_serious_accessibility_violation(
    live_server, transactional_db, territory, mobile_page
):
    mobile_page.goto(f"{live_server.url}/")

    assert_no_serious_axe_violations(mobile_page)
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 375
