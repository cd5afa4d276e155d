"""Issues 11 and 12, the three-tap bar, at a phone's, a tablet's and a desktop's width: from the
territory's home page a logged-in citizen is confirmed in an action that needs no approval in at
most three taps; a visitor in three taps plus the sign-up (the form, the link of the mail and
its button), and ends confirmed too. The first result of the agenda and of the directory, as
reached from the home page, is on the first screen.

Every click counts as a tap; typing in the sign-up form and opening the mail's link are the
sign-up, counted apart. Scrolling is not a tap (Playwright scrolls to what it clicks)."""

import re
from typing import Any

import pytest

from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Participation
from entraide.actions.tests.factories import first_slot
from entraide.core.tests.phone_world import (
    WIDTHS,
    PhoneWorld,
    build_phone_world,
    is_on_first_screen,
    log_in,
    new_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME = "/saint-dizier/"
MAX_TAPS = 3
NEW_PASSWORD = "un-mot-de-passe-long-42"


class Taps:
    """Clicks through the page and counts them."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.count = 0

    def tap(self, locator: Any) -> None:
        locator.click()
        self.count += 1


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider) -> PhoneWorld:
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def screen(request, browser):
    page = new_page(browser, request.param, 800)
    yield page
    page.context.close()


def join_button_of(page: Any, title: str) -> Any:
    card = page.locator("#results .slot-card").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )
    return card.get_by_role("button", name=re.compile(r"^Je participe"))


def from_home_to_the_join_button(taps: Taps, live_server: Any, world: PhoneWorld) -> None:
    taps.page.goto(live_server.url + HOME)
    taps.tap(taps.page.get_by_role("link", name="Agenda des actions", exact=True))
    taps.page.wait_for_url(re.compile(r"/saint-dizier/agenda/"))
    taps.tap(join_button_of(taps.page, world.action.title))


def test_citizen_is_confirmed_from_the_home_page_in_three_taps(
    screen, live_server, world, volunteer
):
    log_in(screen, live_server, volunteer.email)
    taps = Taps(screen)

    from_home_to_the_join_button(taps, live_server, world)

    screen.wait_for_url(re.compile(rf"{world.action.get_absolute_url()}$"))
    assert screen.locator(".message--success").inner_text() == "Vous êtes inscrit·e !"
    assert taps.count <= MAX_TAPS, f"{taps.count} taps"
    participation = Participation.objects.get(person=volunteer)
    assert (participation.slot, participation.status) == (
        first_slot(world.action),
        ParticipationStatus.CONFIRMED,
    )
    screen.reload()  # the page itself, not only the flash message, says where one stands
    assert screen.get_by_text("Vous êtes inscrit·e.", exact=True).is_visible()


def test_visitor_is_confirmed_in_three_taps_plus_the_sign_up(
    screen, live_server, world, smtp_server
):
    taps = Taps(screen)

    from_home_to_the_join_button(taps, live_server, world)
    screen.wait_for_url(re.compile(r"/comptes/login/\?next="))
    taps.tap(screen.locator("main a[href*='/comptes/signup/']"))

    # The sign-up: its form, the mail's link and the button of the page it opens.
    screen.wait_for_url(re.compile(r"/comptes/signup/"))
    screen.fill("input[name=first_name]", "Nadia")
    screen.fill("input[name=last_name]", "Benali")
    screen.fill("input[name=email]", "nadia@example.org")
    screen.fill("input[name=password1]", NEW_PASSWORD)
    screen.fill("input[name=password2]", NEW_PASSWORD)
    screen.check("input[name=accept_charter]")
    screen.click("main form button[type=submit]")
    link = smtp_server.last_link(r"https?://\S+/comptes/confirm-email/\S+")
    screen.goto(link.replace("http://testserver", live_server.url))
    screen.click("main form button[type=submit]")

    screen.wait_for_url(re.compile(rf"{world.action.get_absolute_url()}$"))
    assert (
        screen.locator(".message--success")
        .first.inner_text()
        .startswith(f"Vous êtes inscrit·e à « {world.action.title} »")
    )
    assert taps.count <= MAX_TAPS, f"{taps.count} taps before the sign-up"
    participation = Participation.objects.get(person__email="nadia@example.org")
    assert (participation.slot, participation.status) == (
        first_slot(world.action),
        ParticipationStatus.CONFIRMED,
    )


@pytest.mark.parametrize("link", ["Agenda des actions", "Tout l’annuaire"])
def test_first_result_reached_from_the_home_page_is_on_the_first_screen(
    screen, live_server, world, link
):
    screen.goto(live_server.url + HOME)
    screen.get_by_role("link", name=link, exact=True).click()
    screen.wait_for_load_state()

    assert screen.locator("#results .cards > li").count() >= 1
    assert is_on_first_screen(screen, "#results .cards > li"), (
        "the first result ends "
        f"{screen.evaluate(FIRST_RESULT_BOTTOM)}px down, below the first screen"
    )


FIRST_RESULT_BOTTOM = (
    "() => Math.round(document.querySelector('#results .cards > li')"
    ".getBoundingClientRect().bottom)"
)
