"""Reads for an organisation's managers (lists that only they see, access already checked by
the access_* selectors). Kept apart from selectors.py, owned by another part of the team; the
lead may move them there."""

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.organisations.models import Organisation


def actions_for_organiser(organisation: Organisation) -> QuerySet[Action]:
    """Every action of the organisation, drafts included, with its next slot and slot count."""
    now = timezone.now()
    return (
        Action.objects.filter(organisation=organisation)
        .select_related("commune")
        .annotate(
            next_starts_at=Min("slots__starts_at", filter=Q(slots__starts_at__gte=now)),
            slot_count=Count("slots"),
        )
        .order_by("-created_at", "-pk")
    )


def slots_for_organiser(action: Action) -> QuerySet[Slot]:
    """The action's slots, soonest first, with how many wait and how many ask for approval."""
    return (
        Slot.objects.filter(action=action)
        .annotate(
            waiting_count=Count(
                "participations",
                filter=Q(participations__status=ParticipationStatus.WAITLISTED),
            ),
            pending_count=Count(
                "participations",
                filter=Q(participations__status=ParticipationStatus.PENDING),
            ),
        )
        .order_by("starts_at", "pk")
    )


def people_told_of_cancellation(action: Action) -> int:
    """How many people the cancellation of the action told (one per person, whatever their
    number of slots)."""
    return (
        Participation.objects.filter(
            slot__action=action, status=ParticipationStatus.CANCELLED, reason="action_cancelled"
        )
        .values("person")
        .distinct()
        .count()
    )
