"""Reads: access_* from an id in a URL, and the plain lists (the agenda search is the `agenda`
package)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions import rules
from entraide.actions.agenda import AgendaResults, AgendaSearch
from entraide.actions.enums import ACTIVE_STATUSES, ParticipationStatus
from entraide.actions.models import Action, CalendarFeed, Participation, Slot
from entraide.core.pagination import CappedPaginator
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune, Territory

type Viewer = User | AnonymousUser


def access_action(user: Viewer, action_id: int, *, manage: bool = False) -> Action:
    action = Action.objects.select_related("organisation", "commune").filter(pk=action_id).first()
    if action is None or not rules.can_view_action(user, action):
        raise Http404
    if manage and not rules.can_manage_action(user, action):
        raise PermissionDenied
    return action


def access_slot(user: Viewer, slot_id: int, *, manage: bool = False) -> Slot:
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


def access_participation(user: Viewer, participation_id: int) -> Participation:
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


def participations_of(person: User, *, upcoming: bool) -> QuerySet[Participation]:
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


def actions_of(organisation: Organisation) -> QuerySet[Action]:
    return Action.objects.filter(organisation=organisation).order_by("-created_at")


def upcoming_slots_of(action: Action) -> QuerySet[Slot]:
    return action.slots.filter(ends_at__gte=timezone.now()).order_by("starts_at")


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
