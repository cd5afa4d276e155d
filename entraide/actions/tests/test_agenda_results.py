"""AgendaResults reads a page by different routes (the cells' index, the date index, a
narrower circle for nearest first): whatever the route, a person sees the same slots in the
same order as the plain search would give."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entraide.actions import selectors
from entraide.actions.tests.factories import make_action
from entraide.core.geo import Point
from entraide.organisations.enums import Interest
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SAINT_DIZIER = Point(48.63773, 4.94892)


@pytest.fixture
def spread_slots(association_admin, organisation, territory):
    """Forty slots over eight places from 0 to 28 km of Saint-Dizier, some with words, some
    full, on dates that interleave with the distances."""
    for n in range(8):
        commune = CommuneFactory(
            insee_code=f"52{900 + n}", name=f"Village {n}",
            latitude=SAINT_DIZIER.latitude + 0.035 * n, longitude=SAINT_DIZIER.longitude,
        )  # fmt: skip
        make_action(
            association_admin, organisation, commune=commune, slots=5,
            starts_in=timedelta(days=1 + (n * 3) % 7, hours=n),
            title="Repair café du village" if n % 3 == 0 else f"Chantier nature {n}",
            interests=[Interest.ENVIRONMENT if n % 2 else Interest.CULTURE],
            capacity=1 if n == 5 else 10,
        )  # fmt: skip


def plain(search):
    return [slot.pk for slot in selectors.search_agenda(search)]


SEARCHES = {
    "around, by date": dict(centre=SAINT_DIZIER, radius_km=30),
    "around, nearest first": dict(centre=SAINT_DIZIER, radius_km=30, order="distance"),
    "around, words": dict(centre=SAINT_DIZIER, radius_km=30, words="repair"),
    "around, interest, nearest": dict(
        centre=SAINT_DIZIER, radius_km=30, interests=[Interest.ENVIRONMENT], order="distance"
    ),
    "everywhere": dict(),
}


@pytest.mark.parametrize("dense_above", [0, 3, 12, 25, 1000])
@pytest.mark.parametrize("window", [(0, 5), (5, 12), (0, 40)])
@pytest.mark.parametrize("name", SEARCHES)
def test_every_route_to_a_page_gives_the_plain_search_order(
    spread_slots, name, window, dense_above
):
    search = selectors.AgendaSearch(starts_after=timezone.now(), **SEARCHES[name])
    expected = plain(search)
    assert expected, "the fixture must give this search something to find"
    start, stop = window
    found = selectors.AgendaResults(search, dense_above=dense_above)[start:stop]
    assert [slot.pk for slot in found] == expected[start:stop]


def test_a_page_carries_what_a_card_shows_and_the_distance(spread_slots):
    search = selectors.AgendaSearch(centre=SAINT_DIZIER, radius_km=30, order="distance")
    first = selectors.AgendaResults(search, dense_above=0)[0:1][0]
    assert first.commune.name == "Village 0"
    assert first.distance_km is not None and first.distance_km < 1
    assert first.action.organisation.name == "Les Jardins partagés"


def test_the_count_stops_one_past_the_cap(spread_slots):
    results = selectors.AgendaResults(selectors.AgendaSearch())
    assert results.count_up_to(1000) == 40
    assert results.count_up_to(10) == 11
