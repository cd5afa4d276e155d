"""Reads: access_* from an id in a URL, and the agenda search."""

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.utils import timezone

from entraide.actions import rules
from entraide.actions.enums import ACTIVE_STATUSES, ParticipationStatus, Skill
from entraide.actions.models import Action, CalendarFeed, Participation, Slot
from entraide.core.geo import BoundingBox, Point, bounding_box, cells_covering, within_radius
from entraide.core.pagination import COUNT_CAP, CappedPaginator
from entraide.core.text import query_terms, relevance
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune, Territory


def access_action(user: Any, action_id: int, *, manage: bool = False) -> Action:
    action = Action.objects.select_related("organisation", "commune").filter(pk=action_id).first()
    if action is None or not rules.can_view_action(user, action):
        raise Http404
    if manage and not rules.can_manage_action(user, action):
        raise PermissionDenied
    return action


def access_slot(user: Any, slot_id: int, *, manage: bool = False) -> Slot:
    slot = (
        Slot.objects.select_related("action", "action__organisation", "action__commune")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None or not rules.can_view_action(user, slot.action):
        raise Http404
    if manage and not rules.can_manage_action(user, slot.action):
        raise PermissionDenied
    return slot


def access_participation(user: Any, participation_id: int) -> Participation:
    """One's own participation, or one of an action one manages."""
    participation = (
        Participation.objects.select_related(
            "slot", "slot__action", "slot__action__organisation", "person"
        )
        .filter(pk=participation_id)
        .first()
    )
    if participation is None:
        raise Http404
    if not (
        rules.is_own_participation(user, participation)
        or rules.can_manage_action(user, participation.slot.action)
    ):
        raise Http404
    return participation


def access_calendar_feed(token: str) -> CalendarFeed:
    feed = CalendarFeed.objects.select_related("person").filter(token=token or "-").first()
    if feed is None or not feed.person.is_active:
        raise Http404
    return feed


@dataclass
class AgendaSearch:
    """The agenda's filters, already validated (by the form or the API schema)."""

    centre: Point | None = None
    radius_km: float | None = None
    interests: list[int] = field(default_factory=list)
    skills: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    remote_only: bool = False
    minors_only: bool = False
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    week_mask: int = 0
    words: str = ""
    with_places_left: bool = False
    order: str = "date"  # or "distance", or "relevance" (with words)
    territory: Territory | None = None
    organisation_id: int | None = None
    # The actions holding the words, looked up once for the several queries of one search.
    word_actions: dict[str, list[int] | None] = field(
        default_factory=dict, repr=False, compare=False
    )


# How a word is looked up depends on how many actions hold it (docs/benchmarks.md):
# - up to FEW_ACTIONS, action by action through the action index;
# - up to LISTED_ACTIONS (the vendor's), as a list of ids tested on the index entries the place
#   and dates chose: PostgreSQL hashes an array of constants, SQLite an IN list;
# - beyond (a word in most actions), as a subquery.
# The planners cannot be trusted with the subquery: they underestimate how many slots the
# place and dates leave, and loop over them re-reading each action's words.
FEW_ACTIONS = 200
LISTED_ACTIONS = {"postgresql": 20_000, "sqlite": 5_000}
# With nothing narrower than the dates, a list of ids is tested on the date index in date order
# until a count and a page are found: for a word held by 0.1 % of the actions ("Calais", 201
# of 200,000), most of the index (231 ms on PostgreSQL). The action index reads only those
# actions' slots (11 ms), and stays the cheaper way up to about a thousand actions
# (docs/benchmarks.md).
FEW_ACTIONS_EVERYWHERE = 1_000


def filter_by_words(
    slots: QuerySet[Slot],
    words: str,
    looked_up: dict[str, list[int] | None] | None = None,
    *,
    box: BoundingBox | None = None,
    few: int | None = None,
) -> QuerySet[Slot]:
    """Slots whose action holds every word (its stem, or a word starting as it was typed:
    `core.text.query_terms`), through FTS5 on SQLite and the (word, action) index on
    PostgreSQL, over the same unaccented, French-stemmed words.
    `looked_up` keeps the matching actions (None: more than can be listed) for the other
    queries of the same search. `box` (the search's place, on PostgreSQL) may leave out the
    actions placed outside it: the slots are filtered by their place anyway. Up to `few`
    actions, their slots are read through the action index."""
    terms = query_terms(words)[:8]
    if not terms:
        return slots
    key = " ".join(f"{stem}/{typed}" for stem, typed in terms)
    if connection.vendor == "postgresql":
        # The (word, action) index alone answers a word start (docs/decisions/0014), within
        # the search's box when it has one (0015).
        query = key + (f" {box}" if box is not None else "")
        # Everywhere: one word is counted first, and a word in most actions is not read but
        # joined as a subquery; the box would make the index walk every entry of such a word
        # to leave most of them out.
        matching, query_params = actions_holding_words_sql(terms)
        counted = (matching, query_params) if len(terms) == 1 else None
        listing, listing_params = actions_holding_words_sql(terms, box)
    else:
        query = " AND ".join(_fts5_term(stem, typed) for stem, typed in terms)
        matching = "SELECT rowid FROM actions_action_fts WHERE actions_action_fts MATCH %s"
        query_params = [query]
        counted, listing, listing_params = None, matching, query_params
    listed = LISTED_ACTIONS.get(connection.vendor, LISTED_ACTIONS["sqlite"])
    looked_up = {} if looked_up is None else looked_up
    # A narrower circle of the same search (nearest first, docs/decisions/0013) looks the words
    # up again within its box, but a word too common to list anywhere is not counted again.
    too_common = key + " (everywhere)"
    if query not in looked_up:
        if counted is not None and too_common in looked_up:
            looked_up[query] = None
        else:
            looked_up[query] = _actions_holding(listing, listing_params, listed, counted=counted)
            if counted is not None and looked_up[query] is None:
                looked_up[too_common] = None
    actions = looked_up[query]
    few = FEW_ACTIONS if few is None else few
    if actions is not None and len(actions) <= few:
        return slots.filter(action_id__in=actions)
    if actions is not None and connection.vendor == "postgresql":
        # One array constant, that PostgreSQL hashes; `+ 0` keeps it off the action index.
        return slots.filter(_any_of('("actions_slot"."action_id" + 0)', actions, "bigint"))
    # `action_id + 0` keeps the planners from starting at the action index (a row lookup per
    # slot of thousands of actions); the id is read from the covering index.
    slots = slots.alias(action_unindexed=F("action_id") + 0)
    if actions is not None:
        return slots.filter(action_unindexed__in=actions)
    return slots.filter(action_unindexed__in=RawSQL(matching, query_params))  # noqa: S611 - constant SQL, words as a parameter


def _actions_holding(
    matching: str, params: list[Any], listed: int, *, counted: tuple[str, list[Any]] | None = None
) -> list[int] | None:
    """The ids `matching` selects, each once, or None when there are more than `listed`, or
    more than `listed` rows of `counted` (a superset of `matching`, counted first so that a word
    in most actions is not sent back and forth; several words intersect to fewer, and would
    be intersected twice)."""
    with connection.cursor() as cursor:
        if counted is not None:
            cursor.execute(
                f"SELECT count(*) FROM ({counted[0]} LIMIT {listed + 1}) AS matching",  # noqa: S608 - constant SQL
                counted[1],
            )
            if cursor.fetchone()[0] > listed:
                return None
        cursor.execute(f"{matching} LIMIT {listed + 1}", params)
        # A word start may match several words of one action: each action once.
        actions = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
    return actions if len(actions) <= listed else None


def _fts5_term(stem: str, typed: str) -> str:
    """SQLite: the stem as a word, or a word starting as typed (one prefix when they agree)."""
    if typed == stem:
        return f'"{stem}"*'
    return f'("{stem}" OR "{typed}"*)'


def actions_holding_words_sql(
    terms: list[tuple[str, str]], box: BoundingBox | None = None
) -> tuple[str, list[Any]]:
    """PostgreSQL: the ids of the actions holding each term (its stem as a word, or a word
    starting as typed; placed within `box` if given), from the (word, action) index alone,
    whose last columns hold the action's point; a term may list an action more than once.
    The two ways of a term are a UNION ALL of two index ranges: an OR would make PostgreSQL
    combine bitmaps and visit the table."""
    exact = "SELECT action_id FROM actions_actionword WHERE word = %s"
    prefix = "SELECT action_id FROM actions_actionword WHERE word LIKE %s"
    place: list[Any] = []
    if box is not None:
        exact += " AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s"
        prefix += " AND latitude BETWEEN %s AND %s AND longitude BETWEEN %s AND %s"
        place = [box.min_latitude, box.max_latitude, box.min_longitude, box.max_longitude]
    parts: list[str] = []
    params: list[Any] = []
    for stem, typed in terms:
        pattern = _like_prefix(typed)
        if typed == stem:
            parts.append(prefix)
            params += [pattern, *place]
        elif typed.startswith(stem):
            # One index range, the stem's (as before the rule), the rule checked on the index
            # key: a UNION ALL as a subquery made PostgreSQL probe it once per slot, 32 s for
            # « bénévoles » near Rennes at full size. Written on `word || ''`, the rule is a
            # filter on the range's entries: as plain `word` the planner made a bitmap of its
            # two sides and visited the table (« maraude » counted: 107 → 9 ms).
            parts.append(f"{prefix} AND ((word || '') = %s OR (word || '') LIKE %s)")
            params += [_like_prefix(stem), *place, stem, pattern]
        else:
            parts.append(f"({exact} UNION ALL {prefix})")
            params += [stem, *place, pattern, *place]
    if len(parts) == 1:
        if parts[0].startswith("("):  # a UNION ALL: its own parentheses are not needed alone
            return parts[0][1:-1], params
        return parts[0], params
    return " INTERSECT ".join(
        f"({part})" if not part.startswith("(") else part for part in parts
    ), params


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def territory_commune_ids(territory: Territory) -> list[str]:
    """A territory's communes change rarely: read once, kept a few minutes."""
    key = f"territory-communes-{territory.pk}"
    codes = cache.get(key)
    if codes is None:
        codes = list(territory.communes.values_list("pk", flat=True))
        cache.set(key, codes, 300)
    return codes


def territories_listing(commune: Commune) -> list[Territory]:
    """The territories whose agenda lists an action placed in the commune, by name: a slot is
    found by the commune it copies from its action (`search_agenda`), remote or not."""
    return list(Territory.objects.filter(communes=commune).order_by("name"))


def is_outside_organisation_territory(organisation: Organisation, commune: Commune) -> bool:
    """Whether an action of the organisation placed in the commune would be listed by no
    territory that lists the organisation (those of its own commune). An organisation that no
    territory lists has only its own commune to be inside of."""
    if commune.pk == organisation.commune_id:
        return False
    # Two filters over the relation: one territory holding both communes.
    shared = Territory.objects.filter(communes=organisation.commune_id).filter(communes=commune)
    return not shared.exists()


# Long texts the agenda's lists never show.
LIST_DEFERRED = (
    "action__description", "action__search_document", "action__accessibility_notes",
    "action__organisation__description", "action__organisation__search_document",
)  # fmt: skip


def search_agenda(search: AgendaSearch) -> QuerySet[Slot]:
    """Upcoming listed slots matching every filter, soonest first (or nearest first): the
    slots' own columns only, read through `AgendaResults` for a page of a list."""
    # One filter() of every condition: each call copies the query, a search builds several.
    conditions: list[Any] = [
        Q(is_listed=True),
        Q(starts_at__gte=search.starts_after or timezone.now()),
    ]
    if search.starts_before is not None:
        conditions.append(Q(starts_at__lt=search.starts_before))
    near = _place_of(search)
    cells = cells_covering(*near) if near is not None else None
    if search.territory is not None:
        communes = territory_commune_ids(search.territory)
        # Near a place the cells bound the read far better than a region's communes: the
        # commune check is then written so that no index can take it (both planners took
        # the commune index, reading every slot of Île-de-France's 1,300 communes near
        # Bobigny, 125,000 rows filtered away, 99 ms, where the place's cells hold 1,000).
        column = '"actions_slot"."commune_id"'
        if cells is not None:
            column = f"({column} || '')" if connection.vendor == "postgresql" else f"+{column}"
        if connection.vendor == "postgresql":  # a region's 1,300 codes
            conditions.append(_any_of(column, communes, "text"))
        else:
            conditions.append(_in_list(column, communes))
    if search.organisation_id is not None:
        conditions.append(Q(action__organisation_id=search.organisation_id))
    if search.remote_only:
        conditions.append(Q(is_remote=True))
    if search.minors_only:
        conditions.append(Q(open_to_minors=True))
    if search.kinds:
        conditions.append(Q(kind__in=search.kinds))
    for column, mask in (
        ("interests", Interest.mask_of(search.interests)),
        ("skills", Skill.mask_of(list(set(search.skills)))),
        ("week_mask", search.week_mask),
    ):
        if mask:
            conditions.append(GreaterThan(F(column).bitand(mask), 0))
    if search.with_places_left:
        conditions.append(Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")))
    slots = Slot.objects.filter(*conditions)
    box = bounding_box(*near) if near is not None else None
    # A territory may span a region (Île-de-France: 1,300 communes, a fifth of the slots): its
    # slots of a word are read like the whole country's ("Sarcelles" there: 169 → 40 ms).
    few = FEW_ACTIONS if _closely_bounded(search) else FEW_ACTIONS_EVERYWHERE
    slots = filter_by_words(slots, search.words, search.word_actions, box=box, few=few)
    if near is not None:
        if cells is not None:
            slots = slots.filter(cell__in=cells)
        slots = within_radius(slots, *near)
        if search.order == "distance":
            return slots.order_by("distance_sq", "starts_at", "pk")
    return slots.order_by("starts_at", "pk")


class AgendaResults:
    """What a search finds, read the way an agenda of a million slots needs
    (docs/benchmarks.md), without trusting the planners' guesses about how many slots the
    place, dates and filters leave (both guessed wrong, by orders of magnitude).

    - First, up to `dense_above` + 1 matches are read unordered, as (id, start key, distance²):
      only slot columns, so a covering index answers, and the database takes its most
      selective index. They give the count (capped), and when they are all the matches, the
      page, sorted here.
    - More matches than that: those already read bound the page (`_bounded_by`): the matches
      within the bound are read the same way, and the bound tightens until they all fit in
      one read, then they are sorted here.
    - A page is read in two steps: ids first, then only the page's rows with their action,
      organisation and commune (joining first made the database join and sort every match).
    """

    def __init__(self, search: AgendaSearch, *, dense_above: int = COUNT_CAP) -> None:
        # One "now" for every read, so that they all see the same slots.
        self.search = replace(search, starts_after=search.starts_after or timezone.now())
        # « Pertinence » ranks the soonest matches (up to `dense_above` + 1, read as the date
        # order reads them) by how well their titles and descriptions hold the words.
        self.relevance_terms = query_terms(search.words)[:8] if search.order == "relevance" else []
        if search.order == "relevance":
            self.search = replace(self.search, order="date")
        self.dense_above = dense_above
        self._first: list[tuple[Any, ...]] | None = None
        self._first_in_order = False
        self._built: QuerySet[Slot] | None = None
        self._by_relevance: list[tuple[Any, ...]] | None = None

    def _slots_of(self, search: AgendaSearch) -> QuerySet[Slot]:
        """`search_agenda(search)`, the search's own built once (with its words looked up);
        a date bound narrows it instead of building another (a few milliseconds each)."""
        if self._built is None:
            self._built = search_agenda(self.search)
        if search == self.search:
            return self._built
        # Only where the search has no end date of its own: with two, SQLite bounds the index
        # range by one of them, not always the tighter.
        if self.search.starts_before is None and replace(search, starts_before=None) == self.search:
            return self._built.filter(starts_at__lt=search.starts_before)
        return search_agenda(search)

    def _first_matches(self) -> list[tuple[Any, ...]]:
        if self._first is None:
            slots = self._slots_of(self.search)
            self._first_in_order = _date_index_leads(self.search)
            self._first = _matches(slots, limit=self.dense_above + 1, in_order=self._first_in_order)
        return self._first

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

    def ranked_ids(self, stop: int) -> list[tuple[Any, ...]]:
        """(id[, distance²]) of the first `stop` matches in the search's order."""
        if self.relevance_terms:
            if self._by_relevance is None:
                self._by_relevance = _by_relevance(
                    self._ranked_ids(self.dense_above + 1), self.relevance_terms
                )
            return self._by_relevance[:stop]
        return self._ranked_ids(stop)

    def _ranked_ids(self, stop: int) -> list[tuple[Any, ...]]:
        search, sample = self.search, self._first_matches()
        if len(sample) <= self.dense_above:
            return _in_order(search, sample)[:stop]
        if self._first_in_order and stop <= len(sample):  # the first matches of all, in order
            return [(row[0],) for row in sample[:stop]]
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


# The start of a description is enough to rank by (and keeps the read small).
RELEVANCE_DESCRIPTION_CHARS = 2_000


def _by_relevance(
    found: list[tuple[Any, ...]], terms: list[tuple[str, str]]
) -> list[tuple[Any, ...]]:
    """`found` (in date order) reordered by the relevance of their actions' titles and
    descriptions to `terms`; equal ones keep their date order. One read of the actions of at
    most a thousand slots, scored here (core.text.relevance)."""
    ids = [row[0] for row in found]
    texts = {
        slot_id: (title, description)
        for slot_id, title, description in Slot.objects.filter(pk__in=ids).values_list(
            "pk", "action__title", Substr("action__description", 1, RELEVANCE_DESCRIPTION_CHARS)
        )
    }
    scores: dict[tuple[str, str], int] = {}  # several slots of one action: scored once
    for title, description in texts.values():
        if (title, description) not in scores:
            scores[(title, description)] = relevance(terms, title, description)
    return sorted(found, key=lambda row: -scores.get(texts.get(row[0], ("", "")), 0))


# Each round reads at most `dense_above` + 1 matches and tightens the bound; a few suffice.
BOUNDING_ROUNDS = 6


def _bounded_by(search: AgendaSearch, sample: list[tuple[Any, ...]], stop: int) -> AgendaSearch:
    """The search narrowed to where its first `stop` matches must be, given `sample` (some of
    its matches): if `stop` of them start by T, the first `stop` of all start by T too; nearest
    first, if `stop` of them lie within d, so do the `stop` nearest of all."""
    if search.order == "distance" and len(sample[0]) == 3:
        farthest = sorted(row[2] for row in sample)[stop - 1]
        # A hair wider than the bound: rounding must not leave out a slot at the edge.
        radius = min(math.sqrt(farthest) * (1 + 1e-9) + 1e-9, search.radius_km or math.inf)
        return replace(search, radius_km=radius)
    latest = start_of_key(sorted(row[1] for row in sample)[stop - 1])
    until = latest + timedelta(microseconds=1)
    if search.starts_before is not None:
        until = min(until, search.starts_before)
    return replace(search, starts_before=until)


def _matches(
    slots: QuerySet[Slot], *, limit: int | None = None, in_order: bool = False
) -> list[tuple[Any, ...]]:
    """Matches of a search_agenda() as (id, start key[, distance²]) from slot columns only,
    unordered unless asked."""
    if not in_order:
        slots = slots.order_by()
    rows = _with_start_key(slots).values_list(*_id_columns_of(slots))
    return _fetch(rows[:limit] if limit is not None else rows)


def _fetch(rows: QuerySet[Slot, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
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


def _date_index_leads(search: AgendaSearch) -> bool:
    """Whether the first matches are best read in date order: with nothing narrower than the
    dates (no place, territory, organisation or rare word), the date index holds them in that
    order, and the first read is then the page too. Any of those would make a walk in date
    order cross the whole country for matches gathered elsewhere."""
    if search.order != "date" or _narrower_than_dates(search):
        return False
    # The words were looked up when the search was built.
    return all(
        actions is None or len(actions) > FEW_ACTIONS_EVERYWHERE
        for actions in search.word_actions.values()
    )


def _narrower_than_dates(search: AgendaSearch) -> bool:
    """Whether a place, a territory or an organisation bounds the search's slots."""
    return search.territory is not None or _closely_bounded(search)


def _closely_bounded(search: AgendaSearch) -> bool:
    """Whether a place or an organisation bounds the search's slots (a territory may be a
    region)."""
    return bool(search.organisation_id) or _place_of(search) is not None


def _place_of(search: AgendaSearch) -> tuple[Point, float] | None:
    """The centre and radius that bound the search, if any (a remote-only search has none)."""
    if search.centre is not None and search.radius_km and not search.remote_only:
        return search.centre, search.radius_km
    return None


def _any_of(column: str, values: list[Any], sql_type: str) -> RawSQL:
    """PostgreSQL: `column = ANY(values)`, the values sent as one array literal. psycopg's
    client-side binding quotes a list element by element: 30 ms for a word's 15,000 action
    ids, 3 ms a read for a region's 1,300 communes."""
    elements = (str(value).replace("\\", "\\\\").replace('"', '\\"') for value in values)
    array = "{" + ",".join(f'"{element}"' for element in elements) + "}"
    sql = f"{column} = ANY(%s::{sql_type}[])"  # column and type: constants of the callers
    return RawSQL(sql, [array], output_field=BooleanField())  # noqa: S611 - values as a parameter


def _in_list(column: str, values: list[Any]) -> RawSQL:
    """SQLite: `column IN (?, ?, …)`, the SQL Django writes for `__in`, without the ORM
    preparing each value again for every query built (a region's 1,300 communes: about 10 ms
    of a cold agenda request)."""
    if not values:
        return RawSQL("0 = 1", [], output_field=BooleanField())
    sql = f"{column} IN ({', '.join(['%s'] * len(values))})"  # column: a constant of the callers
    return RawSQL(sql, list(values), output_field=BooleanField())  # noqa: S611 - values as parameters


# A search reads up to a few thousand (id, start) pairs. Read as date-times, each start went
# through the driver's and Django's time zone handling (half the time of some searches); a key
# that sorts like the start is enough: integer microseconds since 1970 on PostgreSQL, the stored
# ISO text on SQLite. Only a bound is turned back into a date-time.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _with_start_key(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    key: Func
    if connection.vendor == "postgresql":
        key = Func(F("starts_at"), template="(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint",
                   output_field=BigIntegerField())  # fmt: skip
    else:
        key = Cast("starts_at", output_field=TextField())
    return slots.annotate(start_key=key)


def start_of_key(key: Any) -> datetime:
    if isinstance(key, int):
        return EPOCH + timedelta(microseconds=key)
    return datetime.fromisoformat(key).replace(tzinfo=UTC)


def _in_order(search: AgendaSearch, matches: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Matches in the search's order (date, or distance then date), as (id[, distance²])."""
    if search.order == "distance" and matches and len(matches[0]) == 3:
        ranked = sorted(matches, key=lambda row: (row[2], row[1], row[0]))
    else:
        ranked = sorted(matches, key=lambda row: (row[1], row[0]))
    return [(row[0], *row[2:]) for row in ranked]


def _ranked_by_database(slots: QuerySet[Slot], stop: int) -> list[tuple[Any, ...]]:
    return [(row[0], *row[2:]) for row in _matches(slots, limit=stop, in_order=True)]


def _id_columns_of(slots: QuerySet[Slot]) -> tuple[str, ...]:
    near = "distance_sq" in slots.query.annotations
    return ("pk", "start_key", "distance_sq") if near else ("pk", "start_key")


def with_listing_details(found: list[tuple[Any, ...]]) -> list[Slot]:
    """The slots of (id[, distance_sq]) rows, in that order, with what the lists show: their
    action, organisation and commune, never the long texts."""
    ids = [row[0] for row in found]
    by_id = {
        slot.pk: slot
        for slot in Slot.objects.filter(pk__in=ids)
        .select_related("action", "action__organisation", "commune")
        .defer(*LIST_DEFERRED)
    }
    slots = []
    for row in found:
        slot = by_id.get(row[0])
        if slot is None:  # deleted between the two reads
            continue
        if len(row) > 1:
            slot.distance_sq = row[1]  # type: ignore[attr-defined]
        slots.append(slot)
    return slots


def participations_of(person: Any, *, upcoming: bool) -> QuerySet[Participation]:
    """My agenda: upcoming (still to come) or past participations, that are or were real."""
    now = timezone.now()
    participations = Participation.objects.filter(person=person).select_related(
        "slot", "slot__action", "slot__action__organisation", "slot__commune"
    )
    if upcoming:
        return participations.filter(slot__ends_at__gte=now, status__in=ACTIVE_STATUSES).order_by(
            "slot__starts_at"
        )
    return participations.filter(
        Q(slot__ends_at__lt=now)
        | Q(status__in=[ParticipationStatus.CANCELLED, ParticipationStatus.DECLINED])
    ).order_by("-slot__starts_at")


def participants_of(slot: Slot) -> QuerySet[Participation]:
    """Who comes, for the organisation: display names only (contact goes through messaging)."""
    return (
        Participation.objects.filter(slot=slot)
        .exclude(status=ParticipationStatus.CANCELLED)
        .select_related("person")
        .order_by("status", "created_at", "pk")
    )


def waiting_list_of(slot: Slot) -> QuerySet[Participation]:
    return Participation.objects.filter(slot=slot, status=ParticipationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )


def actions_of(organisation: Any) -> QuerySet[Action]:
    return Action.objects.filter(organisation=organisation).order_by("-created_at")


def upcoming_slots_of(action: Action) -> QuerySet[Slot]:
    return action.slots.filter(ends_at__gte=timezone.now()).order_by("starts_at")


# The home's cards of the next actions come from this many of the next slots: a bounded read,
# at the cost of fewer cards when a few actions hold all of them (a daily action of a month).
NEXT_SLOTS_READ = 30


def next_actions_in(territory: Territory, count: int) -> list[Slot]:
    """The next listed slot of each of the territory's next `count` actions, soonest first, read
    as the agenda reads, from the first `NEXT_SLOTS_READ` slots only."""
    # The home needs no count of everything: a small first read is enough to rank the page.
    results = AgendaResults(AgendaSearch(territory=territory), dense_above=NEXT_SLOTS_READ * 2)
    cards: list[Slot] = []
    seen: set[int] = set()
    for slot in results[:NEXT_SLOTS_READ]:
        if slot.action_id not in seen:
            seen.add(slot.action_id)
            cards.append(slot)
        if len(cards) == count:
            break
    return cards


# An organisation's page lists its upcoming slots ten by ten (the agenda has no filter by
# organisation to send the rest to; its calendar feed holds the next thirty days).
UPCOMING_SLOTS_PAGE_SIZE = 10


def upcoming_slots_page(organisation: Organisation, page: str | None) -> dict[str, Any]:
    """Listed slots only (a published action of a verified organisation): what the public
    sees, whoever looks; an unverified organisation's members see none there either."""
    upcoming = CappedPaginator(
        AgendaResults(AgendaSearch(organisation_id=organisation.pk)), UPCOMING_SLOTS_PAGE_SIZE
    ).get_page(page)
    return {"page_obj": upcoming, "slots": upcoming.object_list}
