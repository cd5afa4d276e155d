"""Issue 12, item 1: on a phone the agenda, the directory and the volunteer search show the
words, the place and a « Filtres » control above the results, which begin on the first screen;
the full form opens in place (a <details>, with or without JavaScript) and keeps the shareable
URLs and htmx updates; on a wide screen the filters stay a sidebar, whose half-day grid fits."""

import re

import pytest

from conftest import assert_no_serious_axe_violations
from entraide.core.tests.phone_world import (
    build_phone_world,
    is_on_first_screen,
    log_in,
    new_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENDA = "/saint-dizier/agenda/?near=52100"
DIRECTORY = "/saint-dizier/annuaire/?near=52100"
VOLUNTEERS = "/organisations/les-jardins-partages/benevoles/"


@pytest.fixture
def world(association_admin, staff, saint_dizier, outsider):
    return build_phone_world(association_admin, staff, saint_dizier, outsider)


@pytest.fixture
def phone(browser):
    page = new_page(browser, 375, 800)
    yield page
    page.context.close()


def assert_filters_folded_above_results(page):
    form = page.locator("form[role=search]")
    assert form.locator("input[name=q]").is_visible()
    assert form.locator("input[name=near]").is_visible()
    assert form.locator("summary:has-text('Filtres')").is_visible()
    assert form.locator("details[data-filters-panel]").get_attribute("open") is None
    assert form.locator("input[name=interest] >> nth=0").is_visible() is False


@pytest.mark.parametrize(
    ("path", "first_result"),
    [
        (AGENDA, "#results .slot-card >> nth=0 >> button:has-text('Je participe')"),
        (DIRECTORY, "#results .card >> nth=0 >> h3 a"),
    ],
)
def test_phone_shows_words_place_and_filters_then_the_first_result_on_the_first_screen(
    phone, live_server, world, path, first_result
):
    phone.goto(live_server.url + path)
    assert_filters_folded_above_results(phone)
    first = phone.locator(first_result)
    assert first.is_visible()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 800, (
        f"the first result ends {box['y'] + box['height']}px down"
    )
    assert_no_serious_axe_violations(phone)
    phone.click("summary:has-text('Filtres')")
    assert phone.locator("input[name=interest] >> nth=0").is_visible()
    assert_no_serious_axe_violations(phone)


def test_volunteer_search_on_a_phone_folds_its_filters_above_the_first_volunteer(
    phone, live_server, world, association_admin
):
    log_in(phone, live_server, association_admin.email)
    phone.goto(live_server.url + VOLUNTEERS)
    assert_filters_folded_above_results(phone)
    assert is_on_first_screen(phone, "#results .volunteer-card h3")
    assert_no_serious_axe_violations(phone)
    phone.click("summary:has-text('Filtres')")
    phone.get_by_label("mardi soir").check()
    phone.click("form[role=search] button:has-text('Chercher')")
    phone.wait_for_url(re.compile(r".*when=1-2.*"))
    assert phone.locator("[data-filter-number]").inner_text() == "1"
    assert_no_serious_axe_violations(phone)


def test_phone_filters_open_in_place_update_the_results_and_the_count_and_keep_the_url(
    phone, live_server, world
):
    phone.goto(live_server.url + AGENDA)
    assert phone.locator("[data-filter-count]").is_hidden()
    phone.click("summary:has-text('Filtres')")
    phone.check("input[name=interest][value='1']")  # htmx: the results change at once
    phone.wait_for_url(re.compile(r".*interest=1.*"))
    phone.wait_for_function(
        "() => [...document.querySelectorAll('#results h3 a')].every("
        "a => !a.textContent.includes('handball'))"
    )
    assert phone.locator("[data-filter-number]").inner_text() == "1"
    assert phone.locator("[data-filter-count]").is_visible()

    # The URL is shareable: opened elsewhere, it gives the same results and the same count,
    # with the panel folded again so the results come first.
    shared = phone.url
    other = new_page(phone.context.browser, 375, 800)
    try:
        other.goto(shared)
        assert other.locator("[data-filter-number]").inner_text() == "1"
        assert other.locator("details[data-filters-panel]").get_attribute("open") is None
        assert "handball" not in other.locator("#results").inner_text()
    finally:
        other.context.close()


def test_phone_filters_work_without_javascript(browser, live_server, world):
    page = new_page(browser, 375, 800, java_script_enabled=False)
    try:
        page.goto(live_server.url + DIRECTORY)
        assert_filters_folded_above_results(page)
        page.click("summary:has-text('Filtres')")
        page.check("input[name=interest][value='3']")  # sport
        page.click("form[role=search] button:has-text('Chercher')")
        page.wait_for_url(re.compile(r".*interest=3.*"))
        assert page.locator("#results h3 a").all_inner_texts() == ["Handball bragard"]
        assert page.locator("[data-filter-number]").inner_text() == "1"
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [768, 1280])
def test_wide_screen_keeps_the_filters_sidebar_and_its_half_day_grid_fits(
    browser, live_server, world, association_admin, width
):
    page = new_page(browser, width, 900)
    try:
        for path in (AGENDA, DIRECTORY):
            page.goto(live_server.url + path)
            assert page.locator("details[data-filters-panel]").get_attribute("open") == ""
            assert page.locator("input[name=interest] >> nth=0").is_visible()
            sidebar = page.locator("form[role=search]").bounding_box()
            results = page.locator("#results").bounding_box()
            assert sidebar["x"] + sidebar["width"] <= results["x"], "the filters are beside"
        log_in(page, live_server, association_admin.email)
        for path in (AGENDA, VOLUNTEERS):
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                """() => [...document.querySelectorAll('form[role=search] .week-grid')].map(t => {
                    const form = t.closest('form'), style = getComputedStyle(form);
                    const inner = form.getBoundingClientRect().right - parseFloat(style.paddingRight);
                    return t.getBoundingClientRect().right - inner;
                })"""
            )
            assert overflow and max(overflow) <= 0.5, f"{path}: the grid overflows by {overflow}px"
            assert page.get_by_label("dimanche soir").is_visible()
            assert_no_serious_axe_violations(page)
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1024, 1280])
def test_week_view_never_cuts_a_word_in_two(browser, live_server, world, width):
    page = new_page(browser, width, 900)
    try:
        page.goto(f"{live_server.url}/saint-dizier/agenda/?near=52100&view=week&from="
                  f"{world.action.slots.get().starts_at.date().isoformat()}")  # fmt: skip
        assert page.locator(".week__slots li").count() == 3
        cut = page.evaluate(
            """() => {
                const cut = [];
                for (const item of document.querySelectorAll('.week__slots li')) {
                    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                        for (const match of node.textContent.matchAll(/\\S+/g)) {
                            const range = document.createRange();
                            range.setStart(node, match.index);
                            range.setEnd(node, match.index + match[0].length);
                            const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                            if (tops.size > 1) { cut.push(match[0]); }
                        }
                    }
                }
                return cut;
            }"""
        )
        assert cut == []
    finally:
        page.context.close()
