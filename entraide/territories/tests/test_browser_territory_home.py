"""Issue 11, item 13 and 18, in headless Chromium at a phone's and a desktop's width: the
territory's home with its next actions, associations and commune links, an organisation's page
with its upcoming slots, and the staff's queue filtered by territory have no serious axe-core
violation, do not scroll sideways, and their new links are tap targets of 44 px or more."""

import pytest

from conftest import assert_no_serious_axe_violations
from entraide.core.tests.phone_world import build_phone_world, log_in, new_page
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff
from entraide.territories.tests.factories import CommuneFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOW_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
    .map((a) => a.getBoundingClientRect())
    .filter((box) => box.height < 43.5).length"""


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider):
    chaumont = CommuneFactory(insee_code="52121", name="Chaumont", postcodes="52000")
    add_territory_staff(None, TerritoryFactory(name="Pays de Chaumont", slug="chaumont",
                                               communes=[chaumont]), staff)  # fmt: skip
    make_organisation(association_admin, saint_dizier, name="Judo bragard")
    make_organisation(association_admin, chaumont, name="Chorale chaumontaise")
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


@pytest.mark.parametrize("width", [375, 1280])
def test_home_organisation_page_and_queue_pass_axe_and_fit_the_screen(
    browser, live_server, world, staff, width
):
    page = new_page(browser, width)
    try:
        log_in(page, live_server, staff.email)
        checks = {
            "/saint-dizier/": ".commune-chip a",
            world.organisation.get_absolute_url(): "#upcoming-slots .slot-card a",
            "/organisations/verifications/?territoire=chaumont": ".queue-filter a",
            "/organisations/verifications/identites/": ".queue-filter a",
        }
        for path, links in checks.items():
            page.goto(f"{live_server.url}{path}")
            assert_no_serious_axe_violations(page)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            assert page.locator(links).count() > 0, path
            assert page.evaluate(LOW_TARGETS, links) == 0, f"{path}: {links} under 44 px"
    finally:
        page.context.close()
