"""The first issue's whole journey, in headless Chromium: a newcomer signs up, verifies the
e-mail from the captured mail, registers an association; staff verify it; it shows in a
directory search near 52100 and on the map. axe-core checks each page on the way."""

import re

import pytest

from conftest import PASSWORD, assert_no_serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")


def test_newcomer_registers_an_association_that_staff_verify_and_the_directory_finds(
    browser, page, live_server, smtp_server, territory, staff
):
    # Sign up and verify the e-mail from the mail really sent over SMTP.
    page.goto(f"{live_server.url}/comptes/signup/")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=first_name]", "Nadia")
    page.fill("input[name=last_name]", "Benali")
    page.fill("input[name=email]", "nadia@example.org")
    page.fill("input[name=password1]", "un-mot-de-passe-long-42")
    page.fill("input[name=password2]", "un-mot-de-passe-long-42")
    page.check("input[name=accept_charter]")
    page.click("main form button[type=submit]")
    link = smtp_server.last_link(r"https?://\S+/comptes/confirm-email/\S+")
    page.goto(link.replace("http://testserver", live_server.url))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))

    # Register the association.
    page.goto(f"{live_server.url}/organisations/nouvelle/")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=name]", "Repair Café Bragard")
    page.check("input[name=kind][value=association]")
    page.fill("input[name=short_description]", "On répare ensemble plutôt que jeter.")
    page.fill("textarea[name=description]", "Chaque samedi, **bénévoles** et voisins réparent.")
    page.check("input[name=interests][value='1']")
    page.fill("input[name=place]", "52100")
    page.fill("input[name=rna_number]", "W521004321")
    page.click("main form button[type=submit]")
    assert page.locator("text=attend la vérification").count() == 1

    # Not in the directory until verified.
    page.goto(f"{live_server.url}/saint-dizier/annuaire/?q=repair")
    assert page.locator("text=Aucune organisation ne correspond").count() == 1

    # Staff verify it from the queue.
    page.context.clear_cookies()
    log_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/organisations/verifications/")
    page.click("button:has-text('Vérifier')")
    assert page.locator("text=Aucune organisation n’attend").count() == 1

    # Anyone finds it near 52100, in the list and on the map.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/saint-dizier/annuaire/?near=52100&radius=10")
    assert page.locator("#results h3 a").all_inner_texts() == ["Repair Café Bragard"]
    page.wait_for_selector("#map[data-markers='1']")
    assert page.locator("#map .leaflet-marker-icon").count() == 1
    assert_no_serious_axe_violations(page)

    page.click("text=Repair Café Bragard")
    assert page.locator("h1 .badge").inner_text().strip().endswith("Vérifiée")
    assert_no_serious_axe_violations(page)


def test_directory_filters_update_results_in_place_with_htmx(
    browser, page, live_server, territory, staff, association_admin
):
    from entraide.organisations.enums import Interest
    from entraide.organisations.tests.factories import make_organisation

    saint_dizier = territory.communes.get(insee_code="52448")
    make_organisation(
        association_admin,
        saint_dizier,
        name="Club de judo",
        interests=[Interest.SPORT],
        description="",
        verified_by=staff,
    )
    make_organisation(
        association_admin,
        saint_dizier,
        name="Jardins partagés",
        interests=[Interest.ENVIRONMENT],
        description="",
        verified_by=staff,
    )
    page.goto(f"{live_server.url}/saint-dizier/annuaire/")
    assert page.locator("#results h3 a").count() == 2

    page.check(f"input[name=interest][value='{Interest.SPORT.value}']")

    page.wait_for_url(re.compile(r".*interest=3.*"))
    page.wait_for_function("document.querySelectorAll('#results h3 a').length === 1")
    assert page.locator("#results h3 a").all_inner_texts() == ["Club de judo"]


def test_pages_are_usable_on_a_375_pixel_phone(
    mobile_page, live_server, territory, staff, association_admin
):
    from entraide.organisations.tests.factories import make_organisation

    saint_dizier = territory.communes.get(insee_code="52448")
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    for path in [
        "/",
        "/saint-dizier/annuaire/",
        organisation.get_absolute_url(),
        "/comptes/signup/",
    ]:
        mobile_page.goto(f"{live_server.url}{path}")
        overflow = mobile_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        assert_no_serious_axe_violations(mobile_page)
    mobile_page.goto(f"{live_server.url}/comptes/login/")
    mobile_page.fill("input[name=login]", association_admin.email)
    mobile_page.fill("input[name=password]", PASSWORD)
    mobile_page.click("main form button[type=submit]")
    mobile_page.goto(f"{live_server.url}/organisations/nouvelle/")
    assert mobile_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert_no_serious_axe_violations(mobile_page)
