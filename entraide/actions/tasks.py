"""Background work of the agenda: the message of each change of a participation, reminders
before a slot, the lapse of waiting-list offers and the messages of a cancelled action. Each
task checks the state again when it runs, since things may have changed since it was queued.
A task's dotted path is stored with each queued run: a task keeps its name and module here."""

from datetime import timedelta
from itertools import groupby

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from entraide.actions import waiting_list
from entraide.actions.calendar import calendar_of
from entraide.actions.enums import ActionStatus, ParticipationStatus
from entraide.actions.models import Action, Participation
from entraide.actions.reminder_access import (  # read_reminder_token: its tests read it here
    read_reminder_token,  # noqa: F401
    reminder_token,
)
from entraide.core.models import Notification
from entraide.core.notifications import Attachment, notify
from entraide.core.scheduling import enqueue_at, enqueue_with_change

# "je viens / je ne peux plus" two days before; a plain reminder the day before.
REMINDERS = {"two_days": timedelta(days=2), "day_before": timedelta(days=1)}


def ics_attachment(participation: Participation) -> Attachment:
    return Attachment(
        filename="entraide.ics",
        content=calendar_of([participation.slot], name=participation.slot.action.title).decode(),
        mimetype="text/calendar",
    )


def tell_person(participation: Participation) -> None:
    """The e-mail that follows each change of a person's participation (and, once confirmed,
    its reminders) is written by the worker: the slot's lock is held for the writes only, and
    the task is queued with the change, so a rolled-back change tells nobody anything and a
    committed one cannot lose its message."""
    enqueue_with_change(
        tell_participant, participation_id=participation.pk, status=participation.status
    )


def tell_moved_up(moved: list[Participation]) -> None:
    """Tell the people the waiting list moved up (waiting_list.fill), in the transaction that
    moved them; an offer's lapse is scheduled for its end."""
    for participation in moved:
        if participation.status == ParticipationStatus.OFFERED:
            schedule_offer_expiry(participation)
        tell_person(participation)


def lapse_offer(participation: Participation) -> bool:
    """An unclaimed offer lapses and the place passes to the next person waiting, who is told.
    Returns whether anything changed (the task may run after a claim)."""
    with transaction.atomic():
        moved = waiting_list.expire(participation)
        if moved is None:
            return False
        tell_moved_up(moved)
    return True


def schedule_reminders(participation: Participation) -> None:
    """Only the reminders still ahead: one joining the day before gets no « dans deux jours »
    in the same second as the confirmation (which says the date already)."""
    now = timezone.now()
    for kind, before in REMINDERS.items():
        when = participation.slot.starts_at - before
        if when <= now:
            continue
        enqueue_at(send_reminder, when, participation_id=participation.pk, kind=kind)


def schedule_offer_expiry(participation: Participation) -> None:
    if participation.offer_expires_at is not None:
        enqueue_at(expire_offer, participation.offer_expires_at, participation_id=participation.pk)


@task()
def send_reminder(*, participation_id: int, kind: str) -> bool:
    """Sent only if the person is still registered and the slot still to come."""
    participation = (
        Participation.objects.select_related(
            "slot", "slot__action", "slot__action__organisation", "person"
        )
        .filter(pk=participation_id, status=ParticipationStatus.CONFIRMED)
        .first()
    )
    if participation is None or participation.slot.starts_at <= timezone.now():
        return False
    context: dict[str, object] = {
        "participation": participation,
        "slot": participation.slot,
        "action": participation.slot.action,
    }
    if kind == "two_days":
        context["coming_token"] = reminder_token(participation, "coming")
        context["cannot_token"] = reminder_token(participation, "cannot")
        notify(participation.person, "actions.reminder_two_days", context)
    else:
        notify(participation.person, "actions.reminder_day_before", context)
    return True


@task()
def expire_offer(*, participation_id: int) -> bool:
    participation = Participation.objects.filter(pk=participation_id).first()
    return bool(participation and lapse_offer(participation))


# The message each state of a participation sends to its person.
MESSAGE_OF_STATUS = {
    ParticipationStatus.CONFIRMED: "actions.participation_confirmed",
    ParticipationStatus.WAITLISTED: "actions.participation_waitlisted",
    ParticipationStatus.PENDING: "actions.participation_pending",
    ParticipationStatus.OFFERED: "actions.place_offered",
    ParticipationStatus.DECLINED: "actions.participation_declined",
}


@task()
def tell_participant(*, participation_id: int, status: str) -> bool:
    """Tell the person the state their participation reached, unless it changed again since
    (then the later change sends its own message)."""
    participation = (
        Participation.objects.select_related(
            "slot", "slot__action", "slot__action__organisation", "slot__action__commune", "person"
        )
        .filter(pk=participation_id, status=status)
        .first()
    )
    kind = MESSAGE_OF_STATUS.get(ParticipationStatus(status))
    if participation is None or kind is None:
        return False
    attachments = None
    if participation.status == ParticipationStatus.CONFIRMED:
        attachments = [ics_attachment(participation)]
        schedule_reminders(participation)
    context = {
        "participation": participation,
        "slot": participation.slot,
        "action": participation.slot.action,
    }
    notify(participation.person, kind, context, attachments=attachments)
    return True


@task()
def tell_action_cancelled(*, action_id: int, participation_ids: list[int]) -> int:
    """Tell the people whose participations the cancellation of the action ended, one message
    per participation (a person on two slots hears of both dates). Returns how many were told."""
    action = (
        Action.objects.select_related("organisation", "commune")
        .filter(pk=action_id, status=ActionStatus.CANCELLED)
        .first()
    )
    if action is None:
        return 0
    participations = (
        Participation.objects.select_related("person", "slot")
        .filter(
            pk__in=participation_ids,
            slot__action=action,
            status=ParticipationStatus.CANCELLED,
            reason="action_cancelled",
        )
        .order_by("person_id", "slot__starts_at", "pk")
    )
    told = 0
    for _person_id, group in groupby(participations, key=lambda p: p.person_id):
        theirs = list(group)
        person = theirs[0].person
        # The in-app notification is the record that a person was told: an action is cancelled
        # only once, so one pointing at it means an earlier run of this task (a retry) told this
        # person already. One transaction per person keeps their notifications and e-mails
        # together, and a failure part-way leaves the people before it told once.
        with transaction.atomic():
            if Notification.objects.filter(
                recipient=person, kind="actions.action_cancelled", url=action.get_absolute_url()
            ).exists():
                continue
            for participation in theirs:
                notify(
                    person,
                    "actions.action_cancelled",
                    {"action": action, "slot": participation.slot, "reason": action.status_reason},
                )
                told += 1
    return told
