"""Reading what a search finds, the way an agenda of a million slots needs (docs/decisions/0013,
docs/benchmarks.md), without trusting the planners' guesses about how many slots the place,
dates and filters leave (both guessed wrong, by orders of magnitude)."""

import math
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Final, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BigIntegerField, F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from entraide.actions.agenda.query import search_agenda
from entraide.actions.agenda.question import AgendaSearch
from entraide.actions.agenda.words import WordLookup
from entraide.actions.models import Slot
from entraide.core.pagination import COUNT_CAP
from entraide.core.text import relevance

# A match as the database sends it: (slot id, start key, distance² or None when the search has
# no place), always these three. Plain tuples rather than a NamedTuple: a read holds up to a
# thousand and one of them, a few reads a request, and building a NamedTuple of each costs
# 0.44 ms a thousand; the positions are named below and used nowhere else.
type StartKey = int | str
type Match = tuple[int, StartKey, float | None]
SLOT_ID: Final = 0
START_KEY: Final = 1
DISTANCE_SQ: Final = 2
MATCH_COLUMNS = ("pk", "start_key", "distance_sq")


class Ranked(NamedTuple):
    """A match in the search's order, as the page needs it."""

    slot_id: int
    distance_sq: float | None


# A search reads up to a few thousand (id, start) pairs. Read as date-times, each start went
# through the driver's and Django's time zone handling (half the time of some searches); a key
# that sorts like the start is enough: integer microseconds since 1970 on PostgreSQL, the stored
# ISO text on SQLite. Only a bound is turned back into a date-time.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Each round reads at most `dense_above` + 1 matches and tightens the bound; a few suffice.
BOUNDING_ROUNDS = 6
# The start of a description is enough to rank by (and keeps the read small).
RELEVANCE_DESCRIPTION_CHARS = 2_000
# Long texts the agenda's lists never show.
LIST_DEFERRED = (
    "action__description", "action__search_document", "action__accessibility_notes",
    "action__organisation__description", "action__organisation__search_document",
)  # fmt: skip


class AgendaResults:
    """What a search finds, read in steps:

    - First, up to `dense_above` + 1 matches are read unordered: only slot columns, so a
      covering index answers, and the database takes its most selective index. They give the
      count (capped), and when they are all the matches, the page, sorted here.
    - More matches than that: those already read bound the page (`_bounded_by`): the matches
      within the bound are read the same way, and the bound tightens until they all fit in
      one read, then they are sorted here.
    - A page is read in two steps: ids first, then only the page's rows with their action,
      organisation and commune (joining first made the database join and sort every match).
    """

    def __init__(self, search: AgendaSearch, *, dense_above: int = COUNT_CAP) -> None:
        # One "now" for every read, so that they all see the same slots.
        self.search = replace(search, starts_after=search.starts_after or timezone.now())
        # The words are looked up once for every query of the search.
        self.words = WordLookup(search.words)
        # « Pertinence » ranks the soonest matches (up to `dense_above` + 1, read as the date
        # order reads them) by how well their titles and descriptions hold the words.
        self.by_relevance = search.order == "relevance" and bool(self.words)
        if search.order == "relevance":
            self.search = replace(self.search, order="date")
        self.dense_above = dense_above
        self._first: list[Match] | None = None
        self._first_in_order = False
        self._built: QuerySet[Slot] | None = None
        self._ranked_by_relevance: list[Ranked] | None = None

    def _slots_of(self, search: AgendaSearch) -> QuerySet[Slot]:
        """`search_agenda(search)`, the search's own built once; a date bound narrows it
        instead of building another (a few milliseconds each)."""
        if self._built is None:
            self._built = search_agenda(self.search, self.words)
        if search == self.search:
            return self._built
        # Only where the search has no end date of its own: with two, SQLite bounds the index
        # range by one of them, not always the tighter.
        if self.search.starts_before is None and replace(search, starts_before=None) == self.search:
            return self._built.filter(starts_at__lt=search.starts_before)
        return search_agenda(search, self.words)

    def _first_matches(self) -> list[Match]:
        if self._first is None:
            slots = self._slots_of(self.search)  # looks the words up
            self._first_in_order = self._date_index_leads()
            self._first = _matches(slots, limit=self.dense_above + 1, in_order=self._first_in_order)
        return self._first

    def _date_index_leads(self) -> bool:
        """Whether the first matches are best read in date order: with nothing narrower than
        the dates (no place, territory, organisation or rare word), the date index holds them
        in that order, and the first read is then the page too. Any of those would make a walk
        in date order cross the whole country for matches gathered elsewhere."""
        search = self.search
        if search.order != "date" or search.narrower_than_dates:
            return False
        return self.words.only_common_words()

    def count_up_to(self, cap: int) -> int:
        """The number of matches, or `cap + 1` when there are more than `cap`."""
        if cap == self.dense_above:
            return len(self._first_matches())
        return len(_matches(self._slots_of(self.search), limit=cap + 1))

    def __getitem__(self, window: slice) -> list[Slot]:
        start, stop = window.start or 0, window.stop
        if stop is None or stop <= start:
            return []
        return with_listing_details(self.ranked_ids(stop)[start:stop])

    def ranked_ids(self, stop: int) -> list[Ranked]:
        """The first `stop` matches in the search's order."""
        if self.by_relevance:
            if self._ranked_by_relevance is None:
                self._ranked_by_relevance = _by_relevance(
                    self._ranked_ids(self.dense_above + 1), self.words.terms
                )
            return self._ranked_by_relevance[:stop]
        return self._ranked_ids(stop)

    def _ranked_ids(self, stop: int) -> list[Ranked]:
        search, sample = self.search, self._first_matches()
        if len(sample) <= self.dense_above:
            return _in_order(search, sample)[:stop]
        if self._first_in_order and stop <= len(sample):  # the first matches of all, in order
            return [Ranked(row[SLOT_ID], row[DISTANCE_SQ]) for row in sample[:stop]]
        bounded = search
        for _ in range(BOUNDING_ROUNDS):
            if stop > len(sample):
                break
            tighter = _bounded_by(bounded, sample, stop)
            if (tighter.starts_before, tighter.radius_km) == (
                bounded.starts_before,
                bounded.radius_km,
            ):
                break  # a tie larger than a read (one start, one distance): no tighter bound
            bounded = tighter
            sample = _matches(self._slots_of(bounded), limit=self.dense_above + 1)
            if len(sample) <= self.dense_above:  # every match within the bound: the page is here
                return _in_order(search, sample)[:stop]
        return _ranked_by_database(self._slots_of(bounded), stop)  # far down a dense list


def _by_relevance(found: list[Ranked], terms: list[tuple[str, str]]) -> list[Ranked]:
    """`found` (in date order) reordered by the relevance of their actions' titles and
    descriptions to `terms`; equal ones keep their date order. One read of the actions of at
    most a thousand slots, scored here (core.text.relevance)."""
    texts = {
        slot_id: (title, description)
        for slot_id, title, description in Slot.objects.filter(
            pk__in=[row.slot_id for row in found]
        ).values_list(
            "pk", "action__title", Substr("action__description", 1, RELEVANCE_DESCRIPTION_CHARS)
        )
    }
    scores: dict[tuple[str, str], int] = {}  # several slots of one action: scored once
    for title, description in texts.values():
        if (title, description) not in scores:
            scores[(title, description)] = relevance(terms, title, description)
    return sorted(found, key=lambda row: -scores.get(texts.get(row.slot_id, ("", "")), 0))


def _bounded_by(search: AgendaSearch, sample: list[Match], stop: int) -> AgendaSearch:
    """The search narrowed to where its first `stop` matches must be, given `sample` (some of
    its matches): if `stop` of them start by T, the first `stop` of all start by T too; nearest
    first, if `stop` of them lie within d, so do the `stop` nearest of all."""
    if search.nearest_first:
        farthest = sorted(_distance_sq(row) for row in sample)[stop - 1]
        # A hair wider than the bound: rounding must not leave out a slot at the edge.
        radius = min(math.sqrt(farthest) * (1 + 1e-9) + 1e-9, search.radius_km or math.inf)
        return replace(search, radius_km=radius)
    latest = start_of_key(sorted(row[START_KEY] for row in sample)[stop - 1])
    until = latest + timedelta(microseconds=1)
    if search.starts_before is not None:
        until = min(until, search.starts_before)
    return replace(search, starts_before=until)


def _distance_sq(row: Match) -> float:
    distance_sq = row[DISTANCE_SQ]
    assert distance_sq is not None, "a search with a place reads the distances"
    return distance_sq


def _matches(
    slots: QuerySet[Slot], *, limit: int | None = None, in_order: bool = False
) -> list[Match]:
    """Matches of a search_agenda() from slot columns only, unordered unless asked."""
    if not in_order:
        slots = slots.order_by()
    if "distance_sq" not in slots.query.annotations:
        slots = slots.annotate(distance_sq=Value(None, output_field=FloatField()))
    rows = _with_start_key(slots).values_list(*MATCH_COLUMNS)
    return _fetch(rows[:limit] if limit is not None else rows)


def _fetch(rows: QuerySet[Slot, tuple[int, StartKey, float | None]]) -> list[Match]:
    """The rows of a `values_list` as the driver gives them: ids, start keys and distances
    need none of the ORM's per-value conversions (a few microseconds a row, thousands of
    rows a search)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that nothing can match (a word no action holds)
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _with_start_key(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    key: Func
    if connection.vendor == "postgresql":
        key = Func(F("starts_at"), template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
                   output_field=BigIntegerField())  # fmt: skip
    else:
        key = Cast("starts_at", output_field=TextField())
    return slots.annotate(start_key=key)


def start_of_key(key: StartKey) -> datetime:
    if isinstance(key, int):
        return EPOCH + timedelta(microseconds=key)
    return datetime.fromisoformat(key).replace(tzinfo=UTC)


def _in_order(search: AgendaSearch, matches: list[Match]) -> list[Ranked]:
    """Matches in the search's order: date, or distance then date."""
    if search.nearest_first:
        ranked = sorted(matches, key=lambda row: (row[DISTANCE_SQ], row[START_KEY], row[SLOT_ID]))
    else:
        ranked = sorted(matches, key=lambda row: (row[START_KEY], row[SLOT_ID]))
    return [Ranked(row[SLOT_ID], row[DISTANCE_SQ]) for row in ranked]


def _ranked_by_database(slots: QuerySet[Slot], stop: int) -> list[Ranked]:
    return [
        Ranked(row[SLOT_ID], row[DISTANCE_SQ]) for row in _matches(slots, limit=stop, in_order=True)
    ]


def with_listing_details(found: list[Ranked]) -> list[Slot]:
    """The slots of `found`, in that order, with what the lists show: their action,
    organisation and commune, never the long texts; the distance where the search had a
    place."""
    by_id = {
        slot.pk: slot
        for slot in Slot.objects.filter(pk__in=[row.slot_id for row in found])
        .select_related("action", "action__organisation", "commune")
        .defer(*LIST_DEFERRED)
    }
    slots = []
    for row in found:
        slot = by_id.get(row.slot_id)
        if slot is None:  # deleted between the two reads
            continue
        if row.distance_sq is not None:
            slot.distance_sq = row.distance_sq  # type: ignore[attr-defined]
        slots.append(slot)
    return slots
