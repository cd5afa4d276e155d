"""What the actions add to a territory's front page and to the site's home (core.page_sections):
the initiatives most joined this month, the upcoming live broadcasts, the actions with places
left this week. Each is a bounded read of listed slots (a published action of a verified
organisation), whoever looks: the front page shows what the public sees."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from entraide.actions.agenda import AgendaResults, AgendaSearch
from entraide.actions.enums import ActionKind, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.core.geo import Point, bounding_box
from entraide.core.page_sections import (
    SITE_HOME,
    TERRITORY_HOME,
    PageSection,
    register_page_section,
)
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune, Territory

# « Initiatives près de chez vous »: the participations of the last 30 days, around the
# visitor's commune (this radius) when they have one, else over the whole territory.
JOINED_DAYS = 30
NEAR_KM = 20.0
INITIATIVES = 4
WEEK = timedelta(days=7)
# A section's cards come from this many of the next slots: a bounded read, at the cost of fewer
# cards when a few actions hold all of them (a daily action of a month).
SLOTS_READ = 30
# Participations that count as joining: confirmed ones, and those since marked present.
JOINED = (ParticipationStatus.CONFIRMED, ParticipationStatus.ATTENDED)


@dataclass(frozen=True)
class Joined[T]:
    item: T
    joined: int


def _one_per_action(search: AgendaSearch, count: int) -> list[Slot]:
    """The first slot of each of the first `count` actions the search finds, soonest first."""
    results = AgendaResults(search, dense_above=SLOTS_READ * 2)
    cards: list[Slot] = []
    seen: set[int] = set()
    for slot in results[:SLOTS_READ]:
        if slot.action_id not in seen:
            seen.add(slot.action_id)
            cards.append(slot)
        if len(cards) == count:
            break
    return cards


def actions_this_week_in(territory: Territory, count: int) -> list[Slot]:
    """The territory's actions of the next seven days that still have a place (or no limit)."""
    now = timezone.now()
    search = AgendaSearch(
        territory=territory, starts_after=now, starts_before=now + WEEK, with_places_left=True
    )
    return _one_per_action(search, count)


def upcoming_broadcasts_in(territory: Territory, count: int) -> list[Slot]:
    """The territory's next live broadcasts, one slot each, those running now first (the
    agenda lists a slot until it starts; a broadcast is worth showing until it ends). One
    query: a territory has few broadcasts."""
    slots = (
        Slot.objects.filter(
            is_listed=True,
            kind=ActionKind.BROADCAST,
            ends_at__gt=timezone.now(),
            commune__territories=territory,
        )
        .select_related("action", "action__organisation", "commune")
        .order_by("starts_at", "pk")[: count * 4]
    )
    cards: list[Slot] = []
    seen: set[int] = set()
    for slot in slots:
        if slot.action_id not in seen and len(cards) < count:
            seen.add(slot.action_id)
            cards.append(slot)
    return cards


def _joined_participations(territory: Territory, near: Commune | None) -> QuerySet[Participation]:
    since = timezone.now() - timedelta(days=JOINED_DAYS)
    joined = Participation.objects.filter(
        status__in=JOINED,
        created_at__gte=since,
        slot__is_listed=True,
        slot__commune__territories=territory,
    )
    if near is not None:
        box = bounding_box(Point(near.latitude, near.longitude), NEAR_KM)
        joined = joined.filter(
            slot__latitude__range=(box.min_latitude, box.max_latitude),
            slot__longitude__range=(box.min_longitude, box.max_longitude),
        )
    return joined


def most_joined_in(
    territory: Territory, near: Commune | None, count: int = INITIATIVES
) -> dict[str, Any]:
    """The actions and the organisations most joined in the last 30 days (confirmed
    participations created then), near `near` when given and anything was joined there, else
    over the whole territory. Four queries (six when nothing was joined near the commune)."""
    joined = _joined_participations(territory, near)
    by_action = list(
        joined.values("slot__action")
        .annotate(joined=Count("pk"))
        .order_by("-joined", "slot__action")[:count]
    )
    if not by_action and near is not None:
        return {**most_joined_in(territory, None, count), "initiatives_near": None}
    by_organisation = list(
        joined.values("slot__action__organisation")
        .annotate(joined=Count("pk"))
        .order_by("-joined", "slot__action__organisation")[:count]
    )
    actions = Action.objects.select_related("organisation").in_bulk(
        [row["slot__action"] for row in by_action]
    )
    organisations = (
        Organisation.objects.select_related("commune")
        .defer("description", "search_document")
        .in_bulk([row["slot__action__organisation"] for row in by_organisation])
        if by_organisation
        else {}
    )
    return {
        "initiatives_near": near,
        "joined_actions": [
            Joined(actions[row["slot__action"]], row["joined"])
            for row in by_action
            if row["slot__action"] in actions
        ],
        "joined_organisations": [
            Joined(organisations[row["slot__action__organisation"]], row["joined"])
            for row in by_organisation
            if row["slot__action__organisation"] in organisations
        ],
    }


def _home_commune(request: HttpRequest) -> Commune | None:
    user = request.user
    if not user.is_authenticated or not getattr(user, "home_commune_id", None):
        return None
    commune: Commune | None = getattr(user, "home_commune", None)
    return commune


def register() -> None:
    register_page_section(
        PageSection(
            page=TERRITORY_HOME,
            order=7,  # after the featured articles (editorial, 5)
            template_name="actions/initiatives_section.html",
            context=lambda request, territory: most_joined_in(territory, _home_commune(request)),
        )
    )
    register_page_section(
        PageSection(
            page=TERRITORY_HOME,
            order=10,
            template_name="actions/territory_home_section.html",
            context=lambda request, territory: {"week_slots": actions_this_week_in(territory, 6)},
        )
    )
    register_page_section(
        PageSection(
            page=TERRITORY_HOME,
            order=15,
            template_name="actions/broadcasts_section.html",
            context=lambda request, territory: {
                "broadcast_slots": upcoming_broadcasts_in(territory, 3),
                "now": timezone.now(),
            },
        )
    )
    # The site's home: a taste of each territory, three of its actions of the week. The
    # context is asked once per territory: its own key, read by the territory's card.
    register_page_section(
        PageSection(
            page=SITE_HOME,
            order=20,
            template_name="actions/site_home_section.html",
            context=lambda request, territory: {
                "site_week_slots": actions_this_week_in(territory, 3)
            },
        )
    )
