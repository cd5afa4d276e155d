"""Reads: access_* from an id in a URL, and the agenda search."""

from dataclasses import dataclass, field
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


def word_filter(words: str) -> Q | RawSQL | None:
    """Slots whose action holds every word (as a word start), through FTS5 on SQLite and a GIN
    index on PostgreSQL, over the same unaccented, French-stemmed words."""
    stems = search_words(words)[:8]
    if not stems:
        return None
    if connection.vendor == "postgresql":
        # `= ANY(ARRAY(…))` makes PostgreSQL run the GIN lookup once, where `IN (…)` became a
        # semi-join re-evaluating to_tsvector per slot (docs/benchmarks.md).
        query = " & ".join(f"{stem}:*" for stem in stems)
        sql = (
            '"actions_slot"."action_id" = ANY(ARRAY(SELECT id FROM actions_action WHERE '
            "to_tsvector('simple'::regconfig, search_document) @@ to_tsquery('simple'::regconfig, %s)))"
        )
        return RawSQL(sql, [query], output_field=BooleanField())  # noqa: S611 - stems are [a-z0-9]+, passed as a parameter
    else:
        query = " AND ".join(f'"{stem}"*' for stem in stems)
        sql = "SELECT rowid FROM actions_action_fts WHERE actions_action_fts MATCH %s"
    return Q(action_id__in=RawSQL(sql, [query]))  # noqa: S611 - stems are [a-z0-9]+ and passed as a parameter


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


def search_agenda(search: AgendaSearch) -> QuerySet[Slot]:
    """Upcoming listed slots matching every filter, soonest first (or nearest first)."""
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
    words = word_filter(search.words)
    if words is not None:
        slots = slots.filter(words)
    if search.centre is not None and search.radius_km and not search.remote_only:
        cells = cells_covering(search.centre, search.radius_km)
        if cells is not None:
            slots = slots.filter(cell__in=cells)
        slots = within_radius(slots, search.centre, search.radius_km)
        if search.order == "distance":
            return slots.select_related("action", "action__organisation", "commune").order_by(
                "distance_sq", "starts_at", "pk"
            )
    return slots.select_related("action", "action__organisation", "commune").order_by(
        "starts_at", "pk"
    )


def for_listing(slots: QuerySet[Slot]) -> QuerySet[Slot]:
    """The agenda's lists never show the long texts: leave them in the database."""
    return slots.defer(*LIST_DEFERRED)


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
