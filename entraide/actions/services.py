"""Writes for actions, slots and participations.

Capacity is the rule that must hold whatever the number of server processes: every change of
`Slot.seats_taken` happens inside a transaction that holds the slot's row lock (PostgreSQL's
SELECT … FOR UPDATE) or SQLite's write lock (IMMEDIATE transactions, settings.py), and the
database itself refuses a slot above capacity (constraint `slot_never_overbooked`). A freed
place goes to the waiting list in the same transaction, so it is never given twice."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.actions import rules, slot_copy, tasks, waiting_list
from entraide.actions.agenda_version import agenda_changed
from entraide.actions.enums import (
    ACTION_LIFECYCLE,
    ACTIVE_STATUSES,
    PARTICIPATION_LIFECYCLE,
    SEATED_STATUSES,
    ActionKind,
    ActionStatus,
    ParticipationStatus,
    Skill,
    WaitlistMode,
)
from entraide.actions.models import Action, JoinIntent, Participation, Slot
from entraide.actions.recurrence import WeeklyRule, expand_weekly
from entraide.actions.waiting_list import has_room, lock_slot, someone_waits
from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts
from entraide.core.exceptions import ActionRefused
from entraide.core.scheduling import enqueue_with_change
from entraide.core.text import search_document
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune


@dataclass
class ActionDetails:
    """What an organisation says of an action; built by the form, the demo data and the API."""

    kind: str
    title: str
    description: str
    commune: Commune
    interests: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()
    is_remote: bool = False
    street_address: str = ""
    stream_url: str = ""
    replay_url: str = ""
    accessibility_notes: str = ""
    open_to_minors: bool = False
    max_companions: int = 0
    requires_approval: bool = False
    waitlist_mode: str = WaitlistMode.OFFER
    offer_hours: int = 12
    point: tuple[float, float] | None = None  # an address-level point when known


@dataclass
class SlotTimes:
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = None
    extra: dict = field(default_factory=dict)


DETAIL_FIELDS = (
    "kind", "title", "description", "is_remote", "street_address", "stream_url", "replay_url",
    "accessibility_notes", "open_to_minors", "max_companions", "requires_approval",
    "waitlist_mode", "offer_hours",
)  # fmt: skip


def _apply_details(action: Action, details: ActionDetails) -> None:
    # Every visitor reads them: no phone number or e-mail address (the form says so first).
    check_public_texts(
        title=details.title,
        description=details.description,
        accessibility_notes=details.accessibility_notes,
    )
    for name in DETAIL_FIELDS:
        setattr(action, name, getattr(details, name))
    action.interests = Interest.mask_of(list(details.interests))
    action.skills = Skill.mask_of(list(details.skills))
    action.commune = details.commune
    if details.is_remote:
        action.latitude = action.longitude = None
    else:
        latitude, longitude = details.point or (details.commune.latitude, details.commune.longitude)
        action.latitude, action.longitude = latitude, longitude
    action.search_document = search_document(
        details.title,
        details.description,
        details.commune.name,
        *[str(Interest(i).label) for i in details.interests],
        *[str(Skill(s).label) for s in details.skills],
        str(ActionKind(details.kind).label),
    )


def create_action(actor: User, organisation: Organisation, details: ActionDetails) -> Action:
    """A draft action of the organisation; its managers add slots, then publish it."""
    if not rules.organisation_rules.can_manage_organisation(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        action = Action(organisation=organisation, created_by=actor)
        _apply_details(action, details)
        action.save()
        log_action(actor, "actions.action.created", action, organisation=organisation.pk)
    return action


def update_action(actor: User, action: Action, details: ActionDetails) -> Action:
    if not rules.can_manage_action(actor, action):
        raise PermissionDenied
    with transaction.atomic():
        _apply_details(action, details)
        # Never the status: a close or a cancellation made meanwhile must not be undone.
        action.save(update_fields=[*DETAIL_FIELDS, "interests", "skills", "commune", "latitude",
                                   "longitude", "search_document", "updated_at"])  # fmt: skip
        action.refresh_from_db(fields=["status"])
        slot_copy.sync_slots(action)
        log_action(actor, "actions.action.updated", action)
    return action


def _check_open(action: Action) -> None:
    if action.status in (ActionStatus.CANCELLED, ActionStatus.CLOSED):
        raise ActionRefused(
            _("Cette action est annulée ou clôturée : on ne lui ajoute plus de créneau.")
        )


def _check_times(starts_at: datetime, ends_at: datetime, capacity: int | None) -> None:
    if ends_at <= starts_at:
        raise ActionRefused(_("Le créneau doit finir après son début."), field="ends_at")
    if ends_at - starts_at > timedelta(days=14):
        raise ActionRefused(_("Un créneau dure au plus 14 jours."), field="ends_at")
    if capacity is not None and capacity < 1:
        raise ActionRefused(
            _("Le nombre de places doit être d’au moins 1 (ou vide : sans limite)."),
            field="capacity",
        )


def _new_slot(action: Action, starts_at: datetime, ends_at: datetime, capacity: int | None) -> Slot:
    return Slot(
        action=action,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        week_mask=slot_copy.week_mask_of(starts_at, ends_at),
        **slot_copy.copied_from(action),
    )


def add_slot(
    actor: User, action: Action, *, starts_at: datetime, ends_at: datetime, capacity: int | None
) -> Slot:
    if not rules.can_manage_action(actor, action):
        raise PermissionDenied
    _check_open(action)
    _check_times(starts_at, ends_at, capacity)
    if starts_at <= timezone.now():
        raise ActionRefused(
            _("Ce créneau commencerait dans le passé : choisissez une heure à venir."),
            field="starts_at",
        )
    with transaction.atomic():
        slot = _new_slot(action, starts_at, ends_at, capacity)
        slot.save()
        log_action(actor, "actions.slot.added", action, slot=slot.pk)
    return slot


def add_weekly_slots(
    actor: User, action: Action, rule: WeeklyRule, *, capacity: int | None
) -> list[Slot]:
    """ "Every Tuesday 18:00–20:00 until 30 June": one slot per occurrence, in local time."""
    if not rules.can_manage_action(actor, action):
        raise PermissionDenied
    _check_open(action)
    occurrences = expand_weekly(rule)
    if not occurrences:
        raise ActionRefused(_("Aucune date ne correspond à cette répétition."))
    for starts_at, ends_at in occurrences:
        _check_times(starts_at, ends_at, capacity)
    with transaction.atomic():
        slots = Slot.objects.bulk_create(
            [_new_slot(action, s, e, capacity) for s, e in occurrences]
        )
        log_action(actor, "actions.slot.recurrence_added", action, count=len(slots))
        agenda_changed()  # bulk_create sends no post_save
    return slots


def change_slot_capacity(actor: User, slot: Slot, *, capacity: int | None) -> Slot:
    """Capacity may grow (the waiting list moves up) but never below the places taken."""
    if not rules.can_manage_action(actor, slot.action):
        raise PermissionDenied
    with transaction.atomic():
        locked = lock_slot(slot)
        if capacity is not None and capacity < max(locked.seats_taken, 1):
            raise ActionRefused(
                _("%(taken)d places sont déjà prises : la capacité ne peut pas descendre plus bas.")
                % {"taken": locked.seats_taken},
                field="capacity",
            )
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        tasks.tell_moved_up(waiting_list.fill(locked))
        log_action(
            actor, "actions.slot.capacity_changed", slot.action, slot=slot.pk, capacity=capacity
        )
    return locked


def publish_action(actor: User, action: Action) -> Action:
    if not rules.can_publish_action(actor, action):
        raise PermissionDenied
    lifecycles.check(ACTION_LIFECYCLE["publish"], action.status)
    if not action.slots.filter(starts_at__gt=timezone.now()).exists():
        raise ActionRefused(_("Ajoutez au moins un créneau à venir avant de publier."))
    return _set_status(actor, action, "publish", ActionStatus.PUBLISHED)


def close_action(actor: User, action: Action) -> Action:
    """No new sign-ups; those already registered still come."""
    if not rules.can_manage_action(actor, action):
        raise PermissionDenied
    lifecycles.check(ACTION_LIFECYCLE["close"], action.status)
    return _set_status(actor, action, "close", ActionStatus.CLOSED)


def cancel_action(actor: User, action: Action, *, reason: str) -> Action:
    """Cancelling tells every participant of a slot still to come, with the organisation's
    reason. The messages are written by the worker after the commit: an action with hundreds
    of participants must not hold the organiser's request (nor the slots' locks) that long."""
    if not rules.can_manage_action(actor, action):
        raise PermissionDenied
    lifecycles.check(ACTION_LIFECYCLE["cancel"], action.status)
    if not reason.strip():
        raise ActionRefused(
            _("Dites aux participants pourquoi l’action est annulée."), field="reason"
        )
    with transaction.atomic():
        _set_status(actor, action, "cancel", ActionStatus.CANCELLED, reason=reason.strip())
        # _set_status wrote every slot, so their row locks keep joins out until the commit:
        # the ids read here are exactly the participations cancelled below.
        cancelled = list(
            Participation.objects.filter(
                slot__action=action,
                status__in=PARTICIPATION_LIFECYCLE["withdraw"].sources,
                slot__ends_at__gte=timezone.now(),
            ).values_list("pk", flat=True)
        )
        Participation.objects.filter(pk__in=cancelled).update(
            status=ParticipationStatus.CANCELLED, reason="action_cancelled"
        )
        Slot.objects.filter(action=action, ends_at__gte=timezone.now()).update(seats_taken=0)
        agenda_changed()
        if cancelled:
            enqueue_with_change(
                tasks.tell_action_cancelled, action_id=action.pk, participation_ids=cancelled
            )
    return action


def _set_status(actor: User, action: Action, step: str, status: str, *, reason: str = "") -> Action:
    """Take the lifecycle's `step` to `status`, checked again under the action's row lock: a
    close and a cancellation sent at once cannot both pass."""
    with transaction.atomic():
        current = (
            Action.objects.select_for_update().values_list("status", flat=True).get(pk=action.pk)
        )
        lifecycles.check(ACTION_LIFECYCLE[step], current)
        action.status = status
        action.status_reason = reason
        fields = ["status", "status_reason", "updated_at"]
        if status == ActionStatus.PUBLISHED and action.published_at is None:
            action.published_at = timezone.now()
            fields.append("published_at")
        action.save(update_fields=fields)
        slot_copy.sync_slots(action)
        log_action(actor, f"actions.action.{status}", action, reason=reason)
    return action


def join_slot(
    actor: User, slot: Slot, *, companions: int = 0, motivation: str = ""
) -> Participation:
    """ "Je participe": a confirmed place when one is free and nobody waits before, a place on
    the waiting list otherwise, or a request when the action needs the organisation's approval."""
    if not actor.is_authenticated:
        raise PermissionDenied
    try:
        with transaction.atomic():
            locked = lock_slot(slot)
            action = locked.action
            if not locked.is_listed or action.status != ActionStatus.PUBLISHED:
                raise ActionRefused(_("Les inscriptions à cette action sont fermées."))
            if locked.starts_at <= timezone.now():
                raise ActionRefused(_("Ce créneau a déjà commencé."))
            if companions < 0 or companions > action.max_companions:
                raise ActionRefused(
                    _("Vous pouvez venir avec %(max)d personne(s) au plus.")
                    % {"max": action.max_companions},
                    field="companions",
                )
            if Participation.objects.filter(
                slot=locked, person=actor, status__in=ACTIVE_STATUSES
            ).exists():
                raise ActionRefused(_("Vous êtes déjà inscrit·e à ce créneau."))
            participation = Participation(
                slot=locked, person=actor, companions=companions, motivation=motivation.strip()
            )
            seats = participation.seats
            if action.requires_approval:
                participation.status = ParticipationStatus.PENDING
            elif has_room(locked, seats) and not someone_waits(locked):
                participation.status = ParticipationStatus.CONFIRMED
                locked.seats_taken += seats
                locked.save(update_fields=["seats_taken"])
            else:
                participation.status = ParticipationStatus.WAITLISTED
            participation.save()
            log_action(
                actor, f"actions.participation.{participation.status}", action, slot=locked.pk
            )
            tasks.tell_person(participation)
    except IntegrityError as error:  # the same person clicking twice at once
        raise ActionRefused(_("Vous êtes déjà inscrit·e à ce créneau.")) from error
    return participation


def cancel_participation(
    actor: User, participation: Participation, *, reason: str, detail: str = ""
) -> Participation:
    """The person withdraws (or says "je ne peux plus"); their place goes to the waiting list
    in the same transaction."""
    if not rules.is_own_participation(actor, participation):
        raise PermissionDenied
    return _withdraw(actor, participation, reason=reason, detail=detail)


def _withdraw(
    actor: User | None, participation: Participation, *, reason: str, detail: str = ""
) -> Participation:
    with transaction.atomic():
        locked_slot = lock_slot(participation.slot)
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        lifecycles.check(PARTICIPATION_LIFECYCLE["withdraw"], current.status)
        if current.status in SEATED_STATUSES:
            locked_slot.seats_taken -= current.seats
            locked_slot.save(update_fields=["seats_taken"])
        current.status = ParticipationStatus.CANCELLED
        current.reason = reason
        current.reason_detail = detail.strip()[:300]
        current.offer_expires_at = None
        current.save(
            update_fields=["status", "reason", "reason_detail", "offer_expires_at", "updated_at"]
        )
        log_action(
            actor,
            "actions.participation.cancelled",
            locked_slot.action,
            slot=locked_slot.pk,
            reason=reason,
        )
        tasks.tell_moved_up(waiting_list.fill(locked_slot))
    return current


def claim_offer(actor: User, participation: Participation) -> Participation:
    """The person who was offered a freed place takes it before the offer expires."""
    if not rules.is_own_participation(actor, participation):
        raise PermissionDenied
    with transaction.atomic():
        current = waiting_list.claim(actor, participation)
        tasks.tell_person(current)
    return current


def expire_offer(participation: Participation) -> bool:
    """An unclaimed offer lapses and the place passes to the next person waiting. Returns
    whether anything changed (the task may run after a claim)."""
    return tasks.lapse_offer(participation)


def decide_participation(
    actor: User, participation: Participation, *, approve: bool, reason: str = ""
) -> Participation:
    """The organisation approves a request (a place if one is free, else the waiting list) or
    declines it with a reason from the short list."""
    if not rules.can_manage_action(actor, participation.slot.action):
        raise PermissionDenied
    with transaction.atomic():
        slot = lock_slot(participation.slot)
        current = Participation.objects.select_for_update().get(pk=participation.pk)
        lifecycles.check(
            PARTICIPATION_LIFECYCLE["approve" if approve else "decline"], current.status
        )
        if approve:
            if has_room(slot, current.seats) and not someone_waits(slot):
                current.status = ParticipationStatus.CONFIRMED
                slot.seats_taken += current.seats
                slot.save(update_fields=["seats_taken"])
            else:
                current.status = ParticipationStatus.WAITLISTED
        else:
            if not reason:
                raise ActionRefused(_("Choisissez un motif."), field="reason")
            current.status = ParticipationStatus.DECLINED
            current.reason = reason
        current.decided_by = actor
        current.save(update_fields=["status", "reason", "decided_by", "updated_at"])
        log_action(
            actor,
            f"actions.participation.{current.status}",
            slot.action,
            slot=slot.pk,
            participation=current.pk,
        )
        tasks.tell_person(current)
    return current


def record_attendance(
    actor: User, participation: Participation, *, attended: bool, hours: Decimal | None = None
) -> Participation:
    """After the slot, the organisation marks who came (and for how long) and who did not. The
    participation is read again under its row lock: a withdrawal or another mark sent at the
    same time is never overwritten by a copy read before it."""
    if not rules.can_manage_action(actor, participation.slot.action):
        raise PermissionDenied
    if participation.slot.starts_at > timezone.now():
        raise ActionRefused(_("La présence se note une fois le créneau commencé."))
    step = PARTICIPATION_LIFECYCLE["mark_attendance"]
    lifecycles.check(step, participation.status)
    if hours is not None and (hours < 0 or hours > 24 * 14):
        raise ActionRefused(_("Indiquez un nombre d’heures entre 0 et 336."), field="hours")
    with transaction.atomic():
        current = (
            Participation.objects.select_for_update()
            .select_related("slot", "slot__action")
            .get(pk=participation.pk)
        )
        lifecycles.check(step, current.status)
        current.status = ParticipationStatus.ATTENDED if attended else ParticipationStatus.NO_SHOW
        if attended and hours is None:
            duration = current.slot.ends_at - current.slot.starts_at
            hours = Decimal(round(duration.total_seconds() / 3600, 2)).quantize(Decimal("0.01"))
        current.hours = hours if attended else None
        current.decided_by = actor
        current.save(update_fields=["status", "hours", "decided_by", "updated_at"])
        log_action(actor, f"actions.participation.{current.status}", current.slot.action,
                   participation=current.pk, hours=str(current.hours))  # fmt: skip
    participation.status, participation.hours = current.status, current.hours
    participation.decided_by = actor
    return current


# --- « Je participe » before having an account ---------------------------------------------

# How long a click made before signing up waits for the address to be verified (never beyond
# the slot's start): a week covers a link opened days later, after a new link was asked.
JOIN_INTENT_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class JoinOutcome:
    """What became of a kept « Je participe »: a participation, a refusal to show the person,
    or nothing yet when the action needs a motivation that only the person can write."""

    slot: Slot
    participation: Participation | None = None
    refusal: str = ""

    @property
    def needs_motivation(self) -> bool:
        return self.participation is None and not self.refusal


def keep_join_intent(actor: User, slot: Slot, *, companions: int = 0) -> JoinIntent:
    """Keep the click of a person who just signed up with their new account, so that verifying
    the address on any device completes it."""
    with transaction.atomic():
        intent, _created = JoinIntent.objects.update_or_create(
            person=actor,
            slot=slot,
            defaults={
                "companions": max(companions, 0),
                "expires_at": min(timezone.now() + JOIN_INTENT_LIFETIME, slot.starts_at),
            },
        )
        log_action(actor, "actions.join_intent.kept", slot.action, slot=slot.pk)
    return intent


def complete_join_intents(actor: User) -> list[JoinOutcome]:
    """The person's address is verified: each kept click still valid goes through `join_slot`
    (so capacity, the waiting list and approval hold as for any click); every kept click,
    completed or expired, is then forgotten. An action needing approval is left for the person
    to answer on its confirmation page."""
    outcomes = []
    intents = list(
        JoinIntent.objects.filter(person=actor, expires_at__gt=timezone.now())
        .select_related("slot", "slot__action")
        .order_by("created_at", "pk")
    )
    JoinIntent.objects.filter(person=actor).delete()
    for intent in intents:
        action = intent.slot.action
        if action.requires_approval:
            outcomes.append(JoinOutcome(slot=intent.slot))
            continue
        try:
            participation = join_slot(
                actor, intent.slot, companions=min(intent.companions, action.max_companions)
            )
        except ActionRefused as refusal:
            outcomes.append(JoinOutcome(slot=intent.slot, refusal=refusal.message))
        else:
            outcomes.append(JoinOutcome(slot=intent.slot, participation=participation))
    return outcomes
