"""Reads: one's own profile, the association-side volunteer search, and "actions for me"."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.actions.agenda import AgendaResults, AgendaSearch, Ranked, with_listing_details
from entraide.actions.enums import ACTIVE_STATUSES, Skill
from entraide.actions.models import Action, Participation, Slot
from entraide.core.geo import Point, cells_covering, within_radius
from entraide.core.text import query_words
from entraide.core.week import describe
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.volunteers.enums import PeriodKind
from entraide.volunteers.models import AvailabilityPeriod, Proposal, VolunteerProfile


def profile_of(person: User) -> VolunteerProfile | None:
    if not getattr(person, "is_authenticated", False):
        return None
    return VolunteerProfile.objects.select_related("home_commune").filter(person=person).first()


@dataclass
class VolunteerSearch:
    centre: Point
    radius_km: float = 10
    interests: list[int] = field(default_factory=list)
    skills: list[int] = field(default_factory=list)
    week_mask: int = 0
    available_from: date | None = None
    available_to: date | None = None
    words: str = ""
    action: Action | None = None


def month_start() -> Any:
    """Proposals are counted per calendar month, in the platform's time zone."""
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


# What a search reads and shows of a profile: the columns of the covering index
# `volunteer_search_idx`. Person and commune come afterwards for the page (with_public_details).
SEARCH_COLUMNS = ("id", "cell", "travel_km", "latitude", "longitude", "interests", "skills",
                  "week_mask", "last_proposal_at", "monthly_proposals")  # fmt: skip


def search_volunteers(
    organisation: Organisation, search: VolunteerSearch
) -> QuerySet[VolunteerProfile]:
    """Volunteers who opted in, within the radius and within their own travel distance, matching
    the filters, who can still be asked this month: those asked least recently first, then the
    nearest. Only public fields are read by the templates (never e-mail, phone or address)."""
    # No join on the person: a deactivated account's profile stops being discoverable
    # (volunteers/receivers.py), so the covering index answers the search without the rows.
    profiles = VolunteerProfile.objects.filter(discoverable=True).only(*SEARCH_COLUMNS)
    cells = cells_covering(search.centre, search.radius_km)
    if cells is not None:
        profiles = profiles.filter(cell__in=cells)
    profiles = within_radius(profiles, search.centre, search.radius_km)
    profiles = profiles.filter(distance_sq__lte=F("travel_km") * F("travel_km"))
    mask = Interest.mask_of(search.interests)
    if mask:
        profiles = profiles.alias(i=F("interests").bitand(mask)).filter(i__gt=0)
    skill_mask = Skill.mask_of(list(set(search.skills)))
    if skill_mask:
        profiles = profiles.alias(s=F("skills").bitand(skill_mask)).filter(s__gt=0)
    if search.week_mask:
        profiles = profiles.alias(w=F("week_mask").bitand(search.week_mask)).filter(w__gt=0)
    if search.available_from and search.available_to:
        away = AvailabilityPeriod.objects.filter(
            profile=OuterRef("pk"), kind=PeriodKind.AWAY,
            starts_on__lte=search.available_to, ends_on__gte=search.available_from,
        )  # fmt: skip
        profiles = profiles.exclude(Exists(away))
    for word in query_words(search.words)[:5]:
        profiles = profiles.filter(search_document__contains=f" {word}")
    this_month = month_start()
    asked_this_month = (
        Proposal.objects.filter(profile=OuterRef("pk"), created_at__gte=this_month)
        .values("profile")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Only people asked this month can have reached their limit: the others skip the count.
    profiles = profiles.alias(
        asked=Coalesce(Subquery(asked_this_month, output_field=IntegerField()), Value(0))
    ).filter(
        Q(last_proposal_at__isnull=True)
        | Q(last_proposal_at__lt=this_month)
        | Q(asked__lt=F("monthly_proposals"))
    )
    if search.action is not None:
        profiles = profiles.exclude(
            Exists(
                Proposal.objects.filter(
                    profile=OuterRef("pk"), organisation=organisation, action=search.action
                )
            )
        )
    return profiles.order_by(F("last_proposal_at").asc(nulls_first=True), "distance_sq", "pk")


def with_public_details(profiles: list[VolunteerProfile]) -> list[VolunteerProfile]:
    """The page's profiles with their person and commune, fetched for those 20 only (joining
    them into the search itself misled PostgreSQL's planner at a million rows)."""
    by_id = {
        profile.pk: profile
        for profile in VolunteerProfile.objects.filter(
            pk__in=[p.pk for p in profiles]
        ).select_related("person", "home_commune")
    }
    shown = []
    for profile in profiles:
        found = by_id.get(profile.pk)
        if found is not None:  # a profile deleted between the two reads is left out
            profile.person, profile.home_commune = found.person, found.home_commune
            shown.append(profile)
    return shown


# The soonest slots around the volunteer that are ranked, and the columns the ranking reads.
CANDIDATES = 200
RANKING_COLUMNS = ("id", "starts_at", "interests", "week_mask", "capacity", "seats_taken")


@dataclass
class Suggestion:
    slot: Slot
    score: float
    reasons: list[str]


def actions_for_me(
    profile: VolunteerProfile, *, limit: int = 20, horizon_days: int = 60
) -> list[Suggestion]:
    """Upcoming slots near the volunteer's commune, ranked by fit: distance, shared interests,
    weekly availability, places left; each with the reasons shown ("à 3 km · environnement ·
    mardi soir"). Candidates come from the agenda search (indexed), the ranking is in Python."""
    now = timezone.now()
    candidates = AgendaResults(
        AgendaSearch(
            centre=Point(profile.latitude, profile.longitude),
            radius_km=max(profile.travel_km, 1),  # 0 is refused by the service, not the admin
            starts_after=now,
            starts_before=now + timedelta(days=horizon_days),
            with_places_left=True,
        )
    ).ranked_ids(CANDIDATES)
    # Ranked from the slots' own columns; only the suggestions shown get their action,
    # organisation and commune.
    distance_sq = {match.slot_id: match.distance_sq or 0.0 for match in candidates}
    slots = Slot.objects.filter(pk__in=distance_sq).only(*RANKING_COLUMNS)
    joined = set(
        Participation.objects.filter(
            person_id=profile.person_id, slot__in=list(distance_sq), status__in=ACTIVE_STATUSES
        ).values_list("slot_id", flat=True)
    )
    away = list(profile.periods.filter(kind=PeriodKind.AWAY).values_list("starts_on", "ends_on"))
    suggestions = []
    for slot in slots:
        if slot.pk in joined:
            continue
        day = timezone.localtime(slot.starts_at).date()
        if any(start <= day <= end for start, end in away):
            continue
        distance = math.sqrt(distance_sq[slot.pk])
        shared_interests = Interest.from_mask(slot.interests & profile.interests)
        shared_time = slot.week_mask & profile.week_mask
        score = (
            2.0 * len(shared_interests)
            + (3.0 if shared_time else 0.0)
            - distance / max(profile.travel_km, 1)
        )
        if slot.capacity is not None and slot.places_left and slot.places_left <= 2:
            score += 0.5  # a place few others can still take
        reasons = [_("à %(km)d km") % {"km": round(distance)} if distance >= 1 else _("tout près")]
        reasons += [str(interest.label).lower() for interest in shared_interests]
        reasons += describe(shared_time)[:1]
        suggestions.append(Suggestion(slot=slot, score=score, reasons=reasons))
    suggestions.sort(key=lambda s: (-s.score, s.slot.starts_at, s.slot.pk))
    shown = suggestions[:limit]
    detailed = {
        slot.pk: slot
        for slot in with_listing_details([Ranked(s.slot.pk, distance_sq[s.slot.pk]) for s in shown])
    }
    for suggestion in shown:
        if suggestion.slot.pk in detailed:
            suggestion.slot = detailed[suggestion.slot.pk]
    return [s for s in shown if s.slot.pk in detailed]  # a slot deleted meanwhile is left out
