"""The waiting list of a slot: who moves up when a place frees, how long an offered place is
kept, claiming it, and its lapse (docs/decisions/0033).

It changes rows and tells nobody: each function returns the participations it moved, and its
caller queues their messages in the same transaction (`tasks.tell_moved_up`). The task that
ends an unclaimed offer calls `expire` here, and every offer made here queues that task: were
this module to queue messages itself, it and `tasks` would import each other.

Every function runs with the slot's row locked (`lock_slot`), so a freed place is given once."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.actions.enums import (
    PARTICIPATION_LIFECYCLE,
    ActionStatus,
    ParticipationStatus,
    WaitlistMode,
)
from entraide.actions.models import Participation, Slot
from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.notifications import notify

# An offered place is kept at least this long, however close the slot.
MIN_OFFER_DELAY = timedelta(hours=1)


def lock_slot(slot: Slot) -> Slot:
    """The slot's row, locked until the transaction ends (a no-op on SQLite, whose IMMEDIATE
    transactions already hold the database's write lock)."""
    return (
        Slot.objects.select_for_update()
        .select_related("action", "action__organisation")
        .get(pk=slot.pk)
    )


def has_room(slot: Slot, seats: int) -> bool:
    return slot.capacity is None or slot.seats_taken + seats <= slot.capacity


def someone_waits(slot: Slot) -> bool:
    """Whether a newcomer would pass someone already waiting (then they wait too)."""
    return Participation.objects.filter(slot=slot, status=ParticipationStatus.WAITLISTED).exists()


def offer_delay(slot: Slot) -> timedelta:
    """The action's delay (12 hours by default), shortened to a quarter of the time left before
    the slot, but never under an hour."""
    hours = timedelta(hours=slot.action.offer_hours)
    quarter_left = (slot.starts_at - timezone.now()) / 4
    return max(MIN_OFFER_DELAY, min(hours, quarter_left))


def fill(slot: Slot) -> list[Participation]:
    """Give free places to the people waiting, in order: each one who fits gets an offer to
    claim within the delay, or the place itself when the action promotes automatically.
    Called with the slot locked; returns the people moved up, to be told."""
    action = slot.action
    # A closed action takes no newcomers, but those already waiting still move up.
    if (
        action.status not in (ActionStatus.PUBLISHED, ActionStatus.CLOSED)
        or slot.starts_at <= timezone.now()
    ):
        return []
    moved = []
    for waiting in Participation.objects.filter(
        slot=slot, status__in=PARTICIPATION_LIFECYCLE["move_up"].sources
    ).order_by("created_at", "pk"):
        if not has_room(slot, waiting.seats):
            continue
        slot.seats_taken += waiting.seats
        if action.waitlist_mode == WaitlistMode.AUTOMATIC:
            waiting.status = ParticipationStatus.CONFIRMED
        else:
            waiting.status = ParticipationStatus.OFFERED
            waiting.offer_expires_at = timezone.now() + offer_delay(slot)
        waiting.save(update_fields=["status", "offer_expires_at", "updated_at"])
        log_action(
            None,
            f"actions.waitlist.{waiting.status}",
            action,
            slot=slot.pk,
            participation=waiting.pk,
        )
        moved.append(waiting)
    slot.save(update_fields=["seats_taken"])
    return moved


def claim(actor: User, participation: Participation) -> Participation:
    """The person offered a freed place takes it before the offer expires (their right to is
    checked by the caller). Returns the confirmed participation, to be told."""
    with transaction.atomic():
        lock_slot(participation.slot)
        current = (
            Participation.objects.select_for_update()
            .select_related("slot", "slot__action")
            .get(pk=participation.pk)
        )
        lifecycles.check(PARTICIPATION_LIFECYCLE["claim"], current.status)
        if current.offer_expires_at and current.offer_expires_at < timezone.now():
            raise ActionRefused(_("Le délai pour confirmer cette place est passé."))
        current.status = ParticipationStatus.CONFIRMED
        current.offer_expires_at = None
        current.save(update_fields=["status", "offer_expires_at", "updated_at"])
        log_action(actor, "actions.waitlist.claimed", current.slot.action, slot=current.slot_id)
    return current


def expire(participation: Participation) -> list[Participation] | None:
    """An unclaimed offer lapses (its person is told at once) and the place passes to the next
    person waiting. None when nothing changed (the task may run after a claim); otherwise the
    people moved up, to be told in the caller's transaction."""
    with transaction.atomic():
        slot = lock_slot(participation.slot)
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        if not PARTICIPATION_LIFECYCLE["lapse"].allows(current.status):
            return None
        if current.offer_expires_at and current.offer_expires_at > timezone.now():
            return None
        slot.seats_taken -= current.seats
        slot.save(update_fields=["seats_taken"])
        current.status = ParticipationStatus.CANCELLED
        current.reason = "offer_expired"
        current.offer_expires_at = None
        current.save(update_fields=["status", "reason", "offer_expires_at", "updated_at"])
        log_action(
            None,
            "actions.waitlist.offer_expired",
            slot.action,
            slot=slot.pk,
            participation=current.pk,
        )
        notify(
            current.person,
            "actions.offer_expired",
            {"participation": current, "slot": slot, "action": slot.action},
        )
        return fill(slot)
