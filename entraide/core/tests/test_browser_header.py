"""Issue 12, item 2, in headless Chromium: on a phone the header is one row (territory,
« Mon agenda », the bell, the menu); the menu opens and closes from the keyboard, and axe-core
finds nothing serious with it open or closed; a wide screen shows Agenda and Annuaire."""

import pytest

from conftest import assert_no_serious_axe_violations
from entraide.core.tests.phone_world import build_phone_world, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider):
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


def test_phone_header_is_one_row_and_its_menu_works_from_the_keyboard(
    browser, live_server, world, volunteer
):
    page = new_page(browser, 375, 800)
    try:
        log_in(page, live_server, volunteer.email)
        page.goto(f"{live_server.url}{world.action.get_absolute_url()}")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 64, f"the header is {header['height']}px high"
        assert page.locator(".brand__territory").inner_text() == "Saint-Dizier agglomération"
        assert page.get_by_role("link", name="Mon agenda").is_visible()
        assert page.get_by_role("link", name="Notifications").is_visible()
        assert page.get_by_role("link", name="Messages").is_hidden()
        assert_no_serious_axe_violations(page)

        page.locator(".site-menu__toggle").focus()
        page.keyboard.press("Enter")
        assert page.locator("details[data-site-menu]").get_attribute("open") == ""
        for name in ("Agenda", "Annuaire", "Messages", "Mon compte"):
            assert page.get_by_role("link", name=name, exact=True).is_visible()
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        assert_no_serious_axe_violations(page)
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Agenda"
        page.keyboard.press("Escape")
        assert page.locator("details[data-site-menu]").get_attribute("open") is None
        assert page.evaluate("() => document.activeElement.className") == "site-menu__toggle"

        page.click(".site-menu__toggle")
        page.get_by_role("link", name="Annuaire", exact=True).click()
        page.wait_for_url("**/saint-dizier/annuaire/")
    finally:
        page.context.close()


def test_wide_header_shows_the_territorys_agenda_and_directory(browser, live_server, world):
    page = new_page(browser, 1280, 800)
    try:
        page.goto(f"{live_server.url}{world.action.get_absolute_url()}")
        quick = page.locator(".site-nav__quick")
        assert quick.get_by_role("link", name="Agenda", exact=True).is_visible()
        assert quick.get_by_role("link", name="Annuaire", exact=True).is_visible()
        assert quick.get_by_role("link", name="S’inscrire").is_visible()
        page.click(".site-menu__toggle")
        assert_no_serious_axe_violations(page)
        page.click("h1")  # a click elsewhere closes the menu
        assert page.locator("details[data-site-menu]").get_attribute("open") is None
    finally:
        page.context.close()
