"""Issue 12, item 3: at 375 px every link, button, summary and form control of the header, the
cards, the forms and the navigation of the agenda, the directory and an action's page is at
least 44 × 44 px (a checkbox counts with its label, which ticks it). Excepted: links inside
running text (WCAG's inline exception), the map's own controls and the skip link while it is
off screen."""

import pytest

from entraide.core.tests.phone_world import build_phone_world, log_in, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_TARGETS = """() => {
    const small = [];
    const seen = new Set();
    const controls = 'a[href], button, summary, input:not([type=hidden]), select, textarea';
    for (const root of document.querySelectorAll('header.site-header, main')) {
        for (const element of root.querySelectorAll(controls)) {
            if (seen.has(element)) { continue; }
            seen.add(element);
            if (element.closest('.leaflet-container, .skip-link')) { continue; }
            if (element.tagName === 'A' && element.closest('p, li.message')
                && !element.closest('.card, form, nav, header.site-header')) { continue; }
            const folded = element.closest('details:not([open])');
            if (folded && element !== folded.querySelector('summary')) { continue; }
            let target = element;
            if (['checkbox', 'radio'].includes(element.type) && element.labels.length) {
                target = element.labels[0];
            }
            const box = target.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) { continue; }  // not displayed
            if (box.width < 43.5 || box.height < 43.5) {
                const name = (target.innerText || target.value || target.name || '').trim();
                small.push(`${target.tagName.toLowerCase()} «${name.slice(0, 40)}» `
                           + `${Math.round(box.width)}×${Math.round(box.height)}`);
            }
        }
    }
    return small;
}"""


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider):
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


@pytest.mark.parametrize("logged_in", [True, False], ids=["citizen", "visitor"])
def test_every_tap_target_is_at_least_44_px_at_375(
    browser, live_server, world, volunteer, logged_in
):
    page = new_page(browser, 375, 800)
    try:
        if logged_in:
            log_in(page, live_server, volunteer.email)
        pages = {
            "agenda": "/saint-dizier/agenda/?near=52100",
            "week": "/saint-dizier/agenda/?near=52100&view=week",
            "directory": "/saint-dizier/annuaire/?near=52100",
            "action": world.action.get_absolute_url(),
        }
        small = {}
        for name, path in pages.items():
            page.goto(live_server.url + path)
            small[name] = page.evaluate(SMALL_TARGETS)
            if page.locator("details[data-filters-panel]").count():
                page.click("summary:has-text('Filtres')")
                small[f"{name}, filters open"] = page.evaluate(SMALL_TARGETS)
            page.click(".site-menu__toggle")
            small[f"{name}, menu open"] = page.evaluate(SMALL_TARGETS)
        assert {name: targets for name, targets in small.items() if targets} == {}
    finally:
        page.context.close()
