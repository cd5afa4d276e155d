"""A map's background comes from a tile server of another origin, which would learn who looks at
which places: the page draws its markers at once and asks the tile server nothing until the
visitor clicks « Afficher le fond de carte »; the choice is then kept in that browser."""

import pytest

from entraide.organisations.tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TILE_HOST = "tiles.example.test"
# A 1×1 transparent PNG, served in place of the tile server so that nothing leaves the machine.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def test_the_tile_server_is_asked_nothing_until_the_visitor_chooses_to_show_the_map(
    page, live_server, settings, association_admin, saint_dizier, staff
):
    settings.MAP_TILE_URL = f"https://{TILE_HOST}/{{z}}/{{x}}/{{y}}.png"
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    asked: list[str] = []

    def tile_server(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=PIXEL)

    page.route(f"https://{TILE_HOST}/**", tile_server)

    page.goto(f"{live_server.url}{organisation.get_absolute_url()}")
    page.wait_for_selector("#map[data-markers='1']")
    offer = page.locator("button.map-tiles-offer")
    assert offer.count() == 1
    assert TILE_HOST in offer.inner_text()
    page.wait_for_timeout(300)
    assert asked == []

    offer.click()
    page.wait_for_selector("#map[data-tiles='shown']")
    page.wait_for_function("document.querySelectorAll('#map img.leaflet-tile').length > 0")
    assert asked and all(TILE_HOST in url for url in asked)

    # Kept in this browser: the next page shows the background without asking again.
    page.reload()
    page.wait_for_selector("#map[data-tiles='shown']")
    assert page.locator("button.map-tiles-offer").count() == 0
