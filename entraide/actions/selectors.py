"""Reads: access_* from an id in a URL, and the agenda search."""

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from entraide.actions import rules
from entraide.actions.enums import ACTIVE_STATUSES, ParticipationStatus, Skill
from entraide.actions.models import Action, CalendarFeed, Participation, Slot
from entraide.core.geo import Point, cells_covering, within_radius
from entraide.core.pagination import COUNT_CAP
from entraide.core.text import search_words
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory


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
    order: str = "date"  # or "distance"
    territory: Territory | None = None
    organisation_id: int | None = None
    # The actions holding the words, looked up once for the several queries of one search.
    word_actions: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)


# How a word is looked up depends on how many actions hold it (docs/benchmarks.md):
# - up to FEW_ACTIONS, action by action through the action index;
# - up to LISTED_ACTIONS (the vendor's), as a list of ids tested on the index entries the place
#   and dates chose: PostgreSQL hashes an array of constants, SQLite an IN list;
# - beyond (a word in most actions), as a subquery.
# The planners cannot be trusted with the subquery: they underestimate how many slots the
# place and dates leave, and loop over them re-reading each action's words.
FEW_ACTIONS = 200
LISTED_ACTIONS = {"postgresql": 50_000, "sqlite": 5_000}


def filter_by_words(
    slots: QuerySet[Slot], words: str, looked_up: dict[str, list[int]] | None = None
) -> QuerySet[Slot]:
    """Slots whose action holds every word (as a word start), through FTS5 on SQLite and a GIN
    index on PostgreSQL, over the same unaccented, French-stemmed words. `looked_up` keeps the
    matching actions for the other queries of the same search."""
    stems = search_words(words)[:8]
    if not stems:
        return slots
    if connection.vendor == "postgresql":
        query = " & ".join(f"{stem}:*" for stem in stems)
        matching = (
            "SELECT id FROM actions_action WHERE to_tsvector('simple'::regconfig, search_document)"
            " @@ to_tsquery('simple'::regconfig, %s)"
        )
    else:
        query = " AND ".join(f'"{stem}"*' for stem in stems)
        matching = "SELECT rowid FROM actions_action_fts WHERE actions_action_fts MATCH %s"
    listed = LISTED_ACTIONS.get(connection.vendor, LISTED_ACTIONS["sqlite"])
    looked_up = {} if looked_up is None else looked_up
    if query not in looked_up:
        with connection.cursor() as cursor:
            cursor.execute(f"{matching} LIMIT {listed + 1}", [query])
            looked_up[query] = [row[0] for row in cursor.fetchall()]
    actions = looked_up[query]
    if len(actions) <= FEW_ACTIONS:
        return slots.filter(action_id__in=actions)
    if len(actions) <= listed and connection.vendor == "postgresql":
        # One array parameter, written into the query as a constant by psycopg's client-side
        # binding, that PostgreSQL hashes; `+ 0` keeps it off the action index.
        return slots.filter(
            RawSQL('("actions_slot"."action_id" + 0) = ANY(%s::bigint[])', [actions],
                   output_field=BooleanField())
        )  # fmt: skip
    # `action_id + 0` keeps the planners from starting at the action index (a row lookup per
    # slot of thousands of actions); the id is read from the covering index.
    slots = slots.alias(action_unindexed=F("action_id") + 0)
    if len(actions) <= listed:
        return slots.filter(action_unindexed__in=actions)
    return slots.filter(action_unindexed__in=RawSQL(matching, [query]))  # noqa: S611 - constant SQL, words as a parameter


def territory_commune_ids(territory: Territory) -> list[str]:
    """A territory's communes change rarely: read once, kept a few minutes."""
    key = f"territory-communes-{territory.pk}"
    codes = cache.get(key)
    if codes is None:
        codes = list(territory.communes.values_list("pk", flat=True))
        cache.set(key, codes, 300)
    return codes


# Long texts the agenda's lists never show.
LIST_DEFERRED = (
    "action__description", "action__search_document", "action__accessibility_notes",
    "action__organisation__description", "action__organisation__search_document",
)  # fmt: skip


def search_agenda(search: AgendaSearch, *, cells_by_index: bool = True) -> QuerySet[Slot]:
    """Upcoming listed slots matching every filter, soonest first (or nearest first): the
    slots' own columns only, read through `AgendaResults` for a page of a list.

    `cells_by_index=False` writes the grid cells' test so that no index can use it: the
    database then walks the date index and stops at the first matches, which is what a dense
    area wants (see `AgendaResults`)."""
    slots = Slot.objects.filter(is_listed=True)
    slots = slots.filter(starts_at__gte=search.starts_after or timezone.now())
    if search.starts_before is not None:
        slots = slots.filter(starts_at__lt=search.starts_before)
    if search.territory is not None:
        slots = slots.filter(commune__in=territory_commune_ids(search.territory))
    if search.organisation_id is not None:
        slots = slots.filter(action__organisation_id=search.organisation_id)
    if search.remote_only:
        slots = slots.filter(is_remote=True)
    if search.minors_only:
        slots = slots.filter(open_to_minors=True)
    if search.kinds:
        slots = slots.filter(kind__in=search.kinds)
    mask = Interest.mask_of(search.interests)
    if mask:
        slots = slots.alias(interest_match=F("interests").bitand(mask)).filter(interest_match__gt=0)
    skill_mask = Skill.mask_of(list(set(search.skills)))
    if skill_mask:
        slots = slots.alias(skill_match=F("skills").bitand(skill_mask)).filter(skill_match__gt=0)
    if search.week_mask:
        slots = slots.alias(week_match=F("week_mask").bitand(search.week_mask)).filter(
            week_match__gt=0
        )
    if search.with_places_left:
        slots = slots.filter(Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")))
    slots = filter_by_words(slots, search.words, search.word_actions)
    if search.centre is not None and search.radius_km and not search.remote_only:
        cells = cells_covering(search.centre, search.radius_km)
        if cells is not None and cells_by_index:
            slots = slots.filter(cell__in=cells)
        elif cells is not None:
            slots = slots.alias(cell_unindexed=F("cell") + 0).filter(cell_unindexed__in=cells)
        slots = within_radius(slots, search.centre, search.radius_km)
        if search.order == "distance":
            return slots.order_by("distance_sq", "starts_at", "pk")
    return slots.order_by("starts_at", "pk")


class AgendaResults:
    """What a search finds, read the way an agenda of a million slots needs
    (docs/benchmarks.md).

    - The count stops at a cap (`count_up_to`), and comes first: it tells how to read a page.
    - A page is read in two steps: the ids from the slots' own columns, which the covering
      indexes answer alone, then only those rows with their action, organisation and commune.
      Joining first made the database join and sort every match.
    - Few matches (up to `dense_above`): all their ids are read unordered, so each database
      takes its most selective index as for the count, and sorted here. Asking the database for
      the first twenty in date order let PostgreSQL walk the date index through every slot of
      the country in search of matches that were all in a few cells.
    - Many matches around a point, soonest first: the date index, with the cells tested on the
      index entries, finds the first matches after a few rows. Nearest first: the narrowest
      of r/16, r/8, r/4 or r/2 that holds the page gives the same nearest slots.
    """

    def __init__(self, search: AgendaSearch, *, dense_above: int = COUNT_CAP) -> None:
        self.search = search
        self.dense_above = dense_above
        self._matches: dict[tuple[float | None, int], list[tuple[Any, ...]]] = {}

    def _first_matches(self, search: AgendaSearch, limit: int) -> list[tuple[Any, ...]]:
        """Up to `limit` matches as (id, start[, distance²]), unordered: the count and, when
        they are few, the page. Only slot columns, so a covering index answers alone."""
        key = (search.radius_km, limit)
        if key not in self._matches:
            slots = search_agenda(search).order_by()
            self._matches[key] = list(slots.values_list(*_id_columns_of(slots))[:limit])
        return self._matches[key]

    def _count(self, search: AgendaSearch, cap: int) -> int:
        return len(self._first_matches(search, cap))

    def count_up_to(self, cap: int) -> int:
        """The number of matches, or `cap + 1` when there are more than `cap`."""
        return self._count(self.search, cap + 1)

    def __getitem__(self, window: slice) -> list[Slot]:
        start, stop = window.start or 0, window.stop
        if stop is None or stop <= start:
            return []
        return with_listing_details(self._ranked_ids(stop)[start:stop])

    def _is_few(self, search: AgendaSearch) -> bool:
        return self._count(search, self.dense_above + 1) <= self.dense_above

    def _ranked_ids(self, stop: int) -> list[tuple[Any, ...]]:
        """(id, distance²) of the first `stop` matches in the page's order (id alone when the
        search has no place)."""
        search = self.search
        if self._is_few(search):
            return _ranked_here(search, self._first_matches(search, self.dense_above + 1))
        near = search.centre is not None and bool(search.radius_km) and not search.remote_only
        if not near:
            return _ranked_by_database(search_agenda(search), stop)
        if search.order == "date":
            return _ranked_by_database(search_agenda(search, cells_by_index=False), stop)
        for share in (16, 8, 4, 2):
            narrower = replace(search, radius_km=(search.radius_km or 0) / share)
            if (
                narrower.radius_km
                and narrower.radius_km >= 1
                and self._count(narrower, stop) >= stop
            ):
                # Every match outside the narrower circle is farther than every match inside.
                if self._is_few(narrower):
                    return _ranked_here(
                        narrower, self._first_matches(narrower, self.dense_above + 1)
                    )
                return _ranked_by_database(search_agenda(narrower), stop)
        return _ranked_by_database(search_agenda(search), stop)


def _ranked_by_database(slots: QuerySet[Slot], stop: int) -> list[tuple[Any, ...]]:
    return [(row[0], *row[2:]) for row in slots.values_list(*_id_columns_of(slots))[:stop]]


def _id_columns_of(slots: QuerySet[Slot]) -> tuple[str, ...]:
    near = "distance_sq" in slots.query.annotations
    return ("pk", "starts_at", "distance_sq") if near else ("pk", "starts_at")


def _ranked_here(search: AgendaSearch, matches: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """All the matches of a search (few), in its order: date, or distance then date."""
    if search.order == "distance" and matches and len(matches[0]) == 3:
        ranked = sorted(matches, key=lambda row: (row[2], row[1], row[0]))
    else:
        ranked = sorted(matches, key=lambda row: (row[1], row[0]))
    return [(row[0], *row[2:]) for row in ranked]


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
