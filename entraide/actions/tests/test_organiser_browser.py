"""Alex, an association's admin, writes an action, repeats it every Tuesday evening and
publishes it, in headless Chromium; axe-core checks the form, the slots and the dashboard, on a
desktop and at a phone's width."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD, assert_no_serious_axe_violations
from entraide.actions import services
from entraide.actions.enums import ActionStatus
from entraide.actions.models import Action
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/comptes/login/" not in url)


def assert_fits_the_screen(page):
    widest = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 5)"""
    )
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px: {widest}"


def test_admin_creates_a_weekly_action_and_publishes_it(
    browser, page, live_server, association_admin, organisation
):
    log_in(page, live_server, association_admin.email)
    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    page.click("text=Actions et créneaux")
    page.click("text=Nouvelle action")
    assert_no_serious_axe_violations(page)

    page.check("input[name=kind][value=mission]")
    page.fill("input[name=title]", "Chantier du mardi soir")
    page.fill("textarea[name=description]", "Désherbage et arrosage au **jardin partagé**.")
    page.check("input[name=interests][value='1']")
    page.check("input[name=skills][value='9']")
    page.fill("input[name=place]", "52100")
    page.fill("input[name=max_companions]", "1")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/creneaux/")
    assert page.locator("h1").inner_text().startswith("Chantier du mardi soir")
    assert_no_serious_axe_violations(page)

    first_day = timezone.localdate() + timedelta(days=1)
    page.check("input[name=weekly-weekdays][value='1']")
    page.fill("input[name=weekly-start]", "18:00")
    page.fill("input[name=weekly-end]", "20:00")
    page.fill("input[name=weekly-first_day]", first_day.isoformat())
    page.fill("input[name=weekly-until]", (first_day + timedelta(days=27)).isoformat())
    page.fill("input[name=weekly-capacity]", "8")
    page.click("button[name=add_weekly]")
    assert page.locator(".messages").inner_text().strip() == "4 créneaux ajoutés."
    assert page.locator(".slot-list__item").count() == 4
    assert "18:00–20:00" in page.locator(".slot-list__item").first.inner_text()

    page.click("text=Publier dans l’agenda")
    assert "L’action est publiée" in page.locator(".messages").inner_text()
    action = Action.objects.get()
    assert action.status == ActionStatus.PUBLISHED
    assert all(slot.is_listed for slot in action.slots.all())

    page.locator(".slot-list__item a").first.click()
    assert page.locator("text=Personne n’est encore inscrit à ce créneau.").count() == 1
    assert_no_serious_axe_violations(page)


def test_organiser_pages_fit_a_phone_and_pass_axe(
    browser, mobile_page, live_server, association_admin, organisation, volunteer, outsider
):
    action = make_action(association_admin, organisation, capacity=1, max_companions=1)
    slot = first_slot(action)
    services.join_slot(volunteer, slot, companions=0)
    services.join_slot(outsider, slot)  # on the waiting list
    approval = make_action(
        association_admin, organisation, requires_approval=True, title="Sur demande"
    )
    services.join_slot(volunteer, first_slot(approval), motivation="J’ai le permis B.")
    log_in(mobile_page, live_server, association_admin.email)

    for path in (
        f"/organisations/{organisation.slug}/actions/",
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        f"/actions/{action.pk}/creneaux/",
        f"/actions/creneaux/{slot.pk}/",
        f"/actions/creneaux/{first_slot(approval).pk}/",
        f"/actions/{action.pk}/annuler/",
        f"/actions/creneaux/{slot.pk}/message/",
    ):
        mobile_page.goto(f"{live_server.url}{path}")
        assert mobile_page.locator("h1").count() == 1
        assert_fits_the_screen(mobile_page)
        assert_no_serious_axe_violations(mobile_page)
