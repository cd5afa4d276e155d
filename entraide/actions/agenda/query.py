"""The agenda's query: a search's filters as one QuerySet of slots, on the columns that the
slots copy from their action and organisation (docs/decisions/0013)."""

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from entraide.actions.agenda import words
from entraide.actions.agenda.question import AgendaSearch
from entraide.actions.agenda.sql import any_of, in_list
from entraide.actions.agenda.words import WordLookup
from entraide.actions.enums import Skill
from entraide.actions.models import Slot
from entraide.core.geo import bounding_box, cells_covering, within_radius
from entraide.organisations.enums import Interest
from entraide.territories.models import Territory


def territory_commune_ids(territory: Territory) -> list[str]:
    """A territory's communes change rarely: read once, kept a few minutes."""
    key = f"territory-communes-{territory.pk}"
    codes = cache.get(key)
    if codes is None:
        codes = list(territory.communes.values_list("pk", flat=True))
        cache.set(key, codes, 300)
    return codes


def search_agenda(search: AgendaSearch, lookup: WordLookup | None = None) -> QuerySet[Slot]:
    """Upcoming listed slots matching every filter, soonest first (or nearest first): the
    slots' own columns only, read through `AgendaResults` for a page of a list. `lookup` is the
    search's word lookup when several queries of one search share it."""
    # One filter() of every condition: each call copies the query, a search builds several.
    conditions: list[Any] = [
        Q(is_listed=True),
        Q(starts_at__gte=search.starts_after or timezone.now()),
    ]
    if search.starts_before is not None:
        conditions.append(Q(starts_at__lt=search.starts_before))
    near = search.place
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
            conditions.append(any_of(column, communes, "text"))
        else:
            conditions.append(in_list(column, communes))
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
    lookup = lookup if lookup is not None else WordLookup(search.words)
    # A territory may span a region (Île-de-France: 1,300 communes, a fifth of the slots): its
    # slots of a word are read like the whole country's ("Sarcelles" there: 169 → 40 ms).
    few = words.FEW_ACTIONS if search.closely_bounded else words.FEW_ACTIONS_EVERYWHERE
    slots = lookup.filter(slots, box=bounding_box(*near) if near is not None else None, few=few)
    if near is not None:
        if cells is not None:
            slots = slots.filter(cell__in=cells)
        slots = within_radius(slots, *near)
        if search.order == "distance":
            return slots.order_by("distance_sq", "starts_at", "pk")
    return slots.order_by("starts_at", "pk")
