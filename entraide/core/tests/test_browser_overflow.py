"""Issue 12's reflow bar at a phone's, a tablet's and a desktop's width: on the agenda (list and
week), the directory, an action's page, the volunteer search, the volunteer profile form, the
inbox and a conversation, nothing inside <main> is wider than its box (a form, card, fieldset
or table whose content sticks out, or is cut off by a box that hides it) and nothing reaches
past the screen's right edge; each failure names the element. Filters are checked folded and
open. Allowed: a box that scrolls sideways on purpose (overflow auto or scroll), a text ending
in an ellipsis, the map's own panes, and text kept for screen readers (visually hidden)."""

from typing import Any

import pytest

from entraide.core.tests.phone_world import WIDTHS, PhoneWorld, build_phone_world, log_in, new_page
from entraide.messaging.services import reply, start_conversation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOWS = """() => {
    const problems = [];
    const describe = (element) => {
        let name = element.tagName.toLowerCase();
        if (element.id) { name += '#' + element.id; }
        if (element.classList.length) { name += '.' + [...element.classList].join('.'); }
        const text = (element.innerText || element.value || '').trim().replace(/\\s+/g, ' ');
        return text ? `${name} «${text.slice(0, 40)}»` : name;
    };
    const scrolls = (style) => ['auto', 'scroll'].includes(style.overflowX);
    const insideScroller = (element) => {
        for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
            if (scrolls(getComputedStyle(up))) { return true; }
        }
        return false;
    };
    const viewport = document.documentElement.clientWidth;
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > viewport + 1) {
        problems.push(`the page is ${pageWidth}px wide on a ${viewport}px screen`);
    }
    const main = document.querySelector('main');
    for (const element of [main, ...main.querySelectorAll('*')]) {
        if (element.closest('.leaflet-container, .visually-hidden, [hidden]')) { continue; }
        // A folded panel still lays its content out when asked: only its summary shows.
        const folded = element.closest('details:not([open])');
        if (folded && !element.closest('summary')) { continue; }
        const style = getComputedStyle(element);
        if (['none', 'contents', 'inline'].includes(style.display)) { continue; }
        const box = element.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) { continue; }
        const control = ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
        const ellipsis = style.textOverflow === 'ellipsis';
        if (!control && !scrolls(style) && !ellipsis
            && element.scrollWidth > element.clientWidth + 1) {
            const inner = box.left + element.clientLeft + element.clientWidth;
            const culprit = [...element.children].find(
                (child) => child.getBoundingClientRect().right > inner + 1);
            problems.push(`${describe(element)}: ${element.scrollWidth}px of content in `
                          + `${element.clientWidth}px`
                          + (culprit ? `, by ${describe(culprit)}` : ''));
        }
        if (box.right > viewport + 1 && !insideScroller(element)) {
            problems.push(`${describe(element)} ends at ${Math.round(box.right)}px, `
                          + `past the ${viewport}px screen`);
        }
    }
    return problems;
}"""


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider) -> PhoneWorld:
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


@pytest.fixture
def conversation(world, outsider, association_admin) -> Any:
    """Olivier writes to Les Jardins partagés about the Tuesday action; Alex answers."""
    conversation = start_conversation(
        outsider,
        world.organisation,
        subject="Chantier au jardin partagé : faut-il apporter des outils ?",
        body="Bonjour, je viendrai mardi. Faut-il apporter des gants, une bêche, un arrosoir ?",
        action=world.action,
    )
    reply(
        association_admin,
        conversation,
        body="Bonjour Olivier, nous prêtons les outils ; prenez seulement des gants. À mardi !",
    )
    return conversation


def overflows_of(page: Any, live_server: Any, pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = page.evaluate(OVERFLOWS)
        if page.locator("details[data-filters-panel]:not([open])").count():
            page.click("summary:has-text('Filtres')")
            found[f"{name}, filters open"] = page.evaluate(OVERFLOWS)
    return found


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def test_nothing_in_main_overflows_its_box_or_the_screen(
    browser, live_server, world, conversation, outsider, association_admin, width
):
    citizen_pages = {
        "agenda": "/saint-dizier/agenda/?near=52100",
        "agenda, week": "/saint-dizier/agenda/?near=52100&view=week",
        "directory": "/saint-dizier/annuaire/?near=52100",
        "action": world.action.get_absolute_url(),
        "volunteer profile": "/benevolat/profil/",
        "inbox": "/messages/",
        "conversation": conversation.get_absolute_url(),
    }
    association_pages = {
        "volunteer search": f"/organisations/{world.organisation.slug}/benevoles/",
        "inbox, association side": "/messages/",
        "conversation, association side": conversation.get_absolute_url(),
    }
    found = {}
    for person, pages in ((outsider, citizen_pages), (association_admin, association_pages)):
        page = new_page(browser, width, 800)
        try:
            log_in(page, live_server, person.email)
            found.update(overflows_of(page, live_server, pages))
        finally:
            page.context.close()

    overflowing = {name: problems for name, problems in found.items() if problems}
    assert overflowing == {}, "\n".join(
        f"{name}: {problem}" for name, problems in overflowing.items() for problem in problems
    )
