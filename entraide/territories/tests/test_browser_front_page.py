"""Issue 15, in headless Chromium at a phone's width: the territory's front page with every
section filled (an initiative joined this month, this week's actions, a broadcast running now,
a public group) and the broadcast's page before and after « Afficher la vidéo » have no serious
axe-core violation and do not scroll sideways; on the phone, the first section is on the first
screen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import assert_no_serious_axe_violations
from entraide.accounts.tests.factories import UserFactory
from entraide.actions.models import Slot
from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.community.tests.factories import make_group
from entraide.core.tests.phone_world import build_phone_world, is_on_first_screen, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCROLLS = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider, territory):
    world = build_phone_world(association_admin, staff, saint_dizier, outsider)
    join_slot(UserFactory(), first_slot(world.action))
    broadcast = make_action(association_admin, world.organisation, kind="broadcast",
                            title="Le conseil en direct", is_remote=True,
                            stream_url="https://www.youtube.com/watch?v=abc123XYZ")  # fmt: skip
    start = timezone.now() - timedelta(minutes=5)
    Slot.objects.filter(action=broadcast).update(
        starts_at=start, ends_at=start + timedelta(hours=2)
    )
    make_group(association_admin, name="Voisins du Vert-Bois", territory=territory)
    return broadcast


def test_front_page_and_broadcast_pass_axe_and_fit_a_phone(browser, live_server, world):
    page = new_page(browser, 375)
    # The player's host is never asked, even after the click: the test stays offline.
    page.route("https://**/*", lambda route: route.abort())
    try:
        page.goto(f"{live_server.url}/saint-dizier/")
        assert page.locator("[aria-labelledby=broadcasts] .live-badge").count() == 1
        assert is_on_first_screen(page, ".home-section h2")
        assert_no_serious_axe_violations(page)
        assert page.evaluate(SCROLLS) <= 0

        page.goto(f"{live_server.url}{world.get_absolute_url()}")
        assert page.locator("iframe").count() == 0
        assert_no_serious_axe_violations(page)
        page.get_by_role("link", name="Afficher la vidéo hébergée par YouTube").click()
        page.wait_for_selector("iframe.video")
        assert page.evaluate(SCROLLS) <= 0
    finally:
        page.close()
