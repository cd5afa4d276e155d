"""AgendaResults reads a page by different routes (the cells' index, the date index, a
narrower circle for nearest first): whatever the route, a person sees the same slots in the
same order as the plain search would give."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entraide.actions import agenda
from entraide.actions.agenda import words
from entraide.actions.tests.factories import make_action
from entraide.core.geo import Point
from entraide.organisations.enums import Interest
from entraide.territories.models import Commune
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
    return [slot.pk for slot in agenda.search_agenda(search)]


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
    search = agenda.AgendaSearch(starts_after=timezone.now(), **SEARCHES[name])
    expected = plain(search)
    assert expected, "the fixture must give this search something to find"
    start, stop = window
    found = agenda.AgendaResults(search, dense_above=dense_above)[start:stop]
    assert [slot.pk for slot in found] == expected[start:stop]


def test_a_page_carries_what_a_card_shows_and_the_distance(spread_slots):
    search = agenda.AgendaSearch(centre=SAINT_DIZIER, radius_km=30, order="distance")
    first = agenda.AgendaResults(search, dense_above=0)[0:1][0]
    assert first.commune.name == "Village 0"
    assert first.distance_km is not None and first.distance_km < 1
    assert first.action.organisation.name == "Les Jardins partagés"


def test_the_count_stops_one_past_the_cap(spread_slots):
    results = agenda.AgendaResults(agenda.AgendaSearch())
    assert results.count_up_to(1000) == 40
    assert results.count_up_to(10) == 11


@pytest.mark.parametrize("where", ["around", "everywhere", "in a territory"])
@pytest.mark.parametrize("order", ["date", "distance"])
@pytest.mark.parametrize(
    "few, few_everywhere, listed",
    [(200, 1000, 5000), (0, 1000, 5000), (0, 0, 5000), (0, 0, 0)],
)
def test_words_find_the_same_slots_whichever_way_they_are_looked_up(
    spread_slots, monkeypatch, territory, few, few_everywhere, listed, order, where
):
    """By the action index (a few actions), by a list of ids, or by a subquery; nearest first,
    through narrower circles (each looking the words up within its own box); with no place or
    a territory, through the action index or in date order."""
    monkeypatch.setattr(words, "FEW_ACTIONS", few)
    monkeypatch.setattr(words, "FEW_ACTIONS_EVERYWHERE", few_everywhere)
    monkeypatch.setattr(words, "LISTED_ACTIONS", {"postgresql": listed, "sqlite": listed})
    place: dict = {}
    if where == "around":
        place = dict(centre=SAINT_DIZIER, radius_km=30)
    elif where == "in a territory":
        territory.communes.add(*Commune.objects.filter(name__startswith="Village"))
        place = dict(territory=territory)
    search = agenda.AgendaSearch(words="repair café", order=order, **place)
    found = agenda.AgendaResults(search, dense_above=4)[0:40]
    assert {slot.action.title for slot in found} == {"Repair café du village"}
    assert len(found) == 15  # villages 0, 3 and 6, five slots each
    assert [slot.pk for slot in found] == plain(search)


def test_a_territory_finds_its_communes_slots_whatever_their_codes_and_an_empty_one_none(
    association_admin, organisation, territory
):
    """Corsica's codes hold letters ("2A004"); the codes go to PostgreSQL as one array."""
    ajaccio = CommuneFactory(insee_code="2A004", name="Ajaccio", latitude=41.92, longitude=8.74)
    make_action(association_admin, organisation, title="Nettoyage de plage", commune=ajaccio)
    make_action(association_admin, organisation, title="Chantier ici")
    territory.communes.set([ajaccio])
    found = agenda.AgendaResults(agenda.AgendaSearch(territory=territory))[0:20]
    assert [slot.action.title for slot in found] == ["Nettoyage de plage"]

    territory.communes.clear()
    cache.clear()  # the territory's communes are kept a few minutes
    assert agenda.AgendaResults(agenda.AgendaSearch(territory=territory))[0:20] == []


def test_near_a_place_a_territory_lists_its_own_communes_slots_and_not_its_neighbours(
    association_admin, organisation, territory
):
    """Near a place the commune check is a filter the cells' index reads around (not the
    commune index); it must still leave out a neighbouring territory's slots in the circle."""
    inside = CommuneFactory(insee_code="52990", name="Dedans", latitude=48.64, longitude=4.95)
    outside = CommuneFactory(insee_code="51990", name="Dehors", latitude=48.65, longitude=4.96)
    make_action(association_admin, organisation, title="Chantier dedans", commune=inside)
    make_action(association_admin, organisation, title="Chantier dehors", commune=outside)
    territory.communes.set([inside])
    cache.clear()  # the territory's communes are kept a few minutes

    for order in ("date", "distance"):
        search = agenda.AgendaSearch(
            territory=territory, centre=SAINT_DIZIER, radius_km=5, order=order
        )
        found = agenda.AgendaResults(search)[0:20]
        assert [slot.action.title for slot in found] == ["Chantier dedans"]


def test_a_word_too_common_to_list_is_counted_once_however_many_circles_a_page_takes(
    association_admin, organisation, monkeypatch
):
    """Every action holds the word: the search reads the same slots by the same circles as the
    one without it, and may cost one query more (the word looked up), never one per circle."""
    for n in range(8):
        commune = CommuneFactory(
            insee_code=f"52{900 + n}", name=f"Village {n}",
            latitude=SAINT_DIZIER.latitude + 0.035 * n, longitude=SAINT_DIZIER.longitude,
        )  # fmt: skip
        make_action(
            association_admin, organisation, commune=commune, slots=5,
            starts_in=timedelta(days=1 + (n * 3) % 7, hours=n), title=f"Repair café {n}",
        )  # fmt: skip
    monkeypatch.setattr(words, "LISTED_ACTIONS", {"postgresql": 0, "sqlite": 0})

    def queries_of_page(words, dense_above):
        search = agenda.AgendaSearch(
            centre=SAINT_DIZIER, radius_km=30, words=words, order="distance"
        )
        with CaptureQueriesContext(connection) as queries:
            found = agenda.AgendaResults(search, dense_above=dense_above)[0:3]
        assert [slot.pk for slot in found] == plain(search)[0:3]
        return len(queries)

    without_words = queries_of_page("", dense_above=2)
    assert without_words > queries_of_page("", dense_above=1000)  # the page takes circles
    assert queries_of_page("repair", dense_above=2) == without_words + 1


def test_slots_starting_together_beyond_one_read_keep_the_plain_order(
    association_admin, organisation, territory
):
    """Thirty slots at the same hour: no date bound can split them; the page still comes out
    in (date, id) order, a deadline set by the person is kept."""
    make_action(association_admin, organisation, title="Grande collecte", slots=1, capacity=None)
    for n in range(29):
        make_action(association_admin, organisation, title=f"Collecte {n}", slots=1, capacity=None)
    search = agenda.AgendaSearch(
        centre=SAINT_DIZIER, radius_km=10,
        starts_before=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    for window in [(0, 5), (5, 20), (20, 30)]:
        found = agenda.AgendaResults(search, dense_above=8)[window[0] : window[1]]
        assert [s.pk for s in found] == plain(search)[window[0] : window[1]]


def test_remote_only_searches_ignore_the_place(spread_slots, association_admin, organisation):
    make_action(association_admin, organisation, title="Atelier en ligne", is_remote=True,
                stream_url="https://video.example.org/atelier")  # fmt: skip
    search = agenda.AgendaSearch(centre=SAINT_DIZIER, radius_km=5, remote_only=True)
    found = agenda.AgendaResults(search, dense_above=0)[0:20]
    assert {slot.action.title for slot in found} == {"Atelier en ligne"}


def test_starts_apart_by_a_microsecond_keep_the_plain_order(spread_slots):
    """The page is bounded by a start read as a key (microseconds, or the stored text): a start
    with microseconds, or one microsecond after another, stays on the right side of the bound."""
    from entraide.actions.models import Slot

    for n, slot in enumerate(Slot.objects.order_by("pk")):
        Slot.objects.filter(pk=slot.pk).update(
            starts_at=slot.starts_at.replace(minute=0, second=0) + timedelta(microseconds=n % 3)
        )
    search = agenda.AgendaSearch(starts_after=timezone.now(), centre=SAINT_DIZIER, radius_km=30)
    for dense_above in (0, 2, 7):
        for start, stop in [(0, 3), (3, 9), (0, 40)]:
            found = agenda.AgendaResults(search, dense_above=dense_above)[start:stop]
            assert [slot.pk for slot in found] == plain(search)[start:stop]
