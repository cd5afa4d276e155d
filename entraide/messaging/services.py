"""Writes. Each service checks its rule, runs in one transaction and queues its e-mails for
after the commit. Plain messages are not written to the audit log: they are not decisions, and
the conversation itself is the record; blocks and reports are, they are trust decisions."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from entraide.accounts.models import User
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.rules import can_manage_action
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.notifications import mark_read_for_url, notify
from entraide.core.rate_limits import CountedLimit
from entraide.core.scheduling import enqueue_with_change
from entraide.messaging import rules, selectors, spam, tasks
from entraide.messaging.enums import Side
from entraide.messaging.models import Block, Conversation, ConversationRead, Message
from entraide.moderation.services import report_content
from entraide.organisations.models import Organisation
from entraide.organisations.rules import can_manage_organisation, role_of
from entraide.organisations.selectors import managers_of

SUBJECT_MIN_LENGTH = 3
SUBJECT_MAX_LENGTH = 150
BODY_MIN_LENGTH = 10
BODY_MAX_LENGTH = 5000
# New conversations one person may open per hour, whatever the organisations: enough for a
# sincere person, a brake for spam.
CONVERSATIONS_PER_HOUR = 10
# New conversations an organisation's managers may open per hour, all together: enough to
# contact the volunteers of a search, a brake on mass solicitation.
ORGANISATION_CONVERSATIONS_PER_HOUR = 30
# Messages one person may send in ten minutes, across conversations and sides.
MESSAGES_PER_WINDOW = 30
MESSAGE_WINDOW = timedelta(minutes=10)


def ensure_can_contact(actor: User, organisation: Organisation) -> None:
    """Raise unless `actor` may write to `organisation` at all: logged in, the organisation
    verified, the actor not one of its members (they talk inside the organisation), and no
    block between them."""
    if not actor.is_authenticated:
        raise PermissionDenied
    if not organisation.is_verified:
        raise ActionRefused(_("Seules les organisations vérifiées peuvent être contactées."))
    if role_of(actor, organisation) is not None:
        raise ActionRefused(
            _(
                "Vous êtes membre de cette organisation : vous ne pouvez pas lui écrire "
                "par ce formulaire."
            )
        )
    _ensure_not_blocked(organisation, actor, writer=Side.PERSON)


def _ensure_not_blocked(organisation: Organisation, person: User, *, writer: Side) -> None:
    """Refuse a message between the pair while either side blocks the other; the blocker is
    told how to lift it, the blocked side only that its messages are not wanted."""
    sides = set(
        Block.objects.filter(organisation=organisation, person=person).values_list(
            "blocked_by", flat=True
        )
    )
    if writer in sides:
        if writer == Side.PERSON:
            message = _("Vous avez bloqué %(organisation)s : débloquez-la pour lui écrire.") % {
                "organisation": organisation.name
            }
        else:
            message = _(
                "Votre organisation a bloqué %(person)s : débloquez cette personne pour lui écrire."
            ) % {"person": person.public_name}
        raise ActionRefused(message)
    if sides:
        if writer == Side.PERSON:
            message = _("%(organisation)s ne souhaite plus recevoir vos messages.") % {
                "organisation": organisation.name
            }
        else:
            message = _(
                "%(person)s ne souhaite plus recevoir de messages de votre organisation."
            ) % {"person": person.public_name}
        raise ActionRefused(message)


def _ensure_people_not_blocked(actor: User, other: User) -> None:
    """Refuse a message between two people while either blocks the other (community's
    PersonBlock, registered in rules): the same words for both, so the blocked person does
    not learn who blocked whom."""
    if rules.is_blocked_between(actor.pk, other.pk):
        raise ActionRefused(
            _("Vous ne pouvez pas écrire à %(person)s : l’un de vous a bloqué l’autre.")
            % {"person": other.public_name}
        )


def _clean_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not SUBJECT_MIN_LENGTH <= len(subject) <= SUBJECT_MAX_LENGTH:
        raise ActionRefused(
            _("L’objet doit faire entre %(min)d et %(max)d caractères.")
            % {"min": SUBJECT_MIN_LENGTH, "max": SUBJECT_MAX_LENGTH},
            field="subject",
        )
    return subject


def _clean_body(body: str) -> str:
    body = body.strip()
    if not BODY_MIN_LENGTH <= len(body) <= BODY_MAX_LENGTH:
        raise ActionRefused(
            _("Le message doit faire entre %(min)d et %(max)d caractères.")
            % {"min": BODY_MIN_LENGTH, "max": BODY_MAX_LENGTH},
            field="body",
        )
    return body


# Counted in the database (core/rate_limits.py): they hold across processes.
CONVERSATIONS_OPENED = CountedLimit(
    CONVERSATIONS_PER_HOUR,
    timedelta(hours=1),
    _lazy(
        "Vous avez déjà commencé %(count)d conversations au cours de la dernière heure. "
        "Merci de réessayer un peu plus tard."
    ),
)
ORGANISATION_CONVERSATIONS_OPENED = CountedLimit(
    ORGANISATION_CONVERSATIONS_PER_HOUR,
    timedelta(hours=1),
    _lazy(
        "Votre organisation a déjà contacté %(count)d personnes au cours de la dernière "
        "heure. Merci de réessayer un peu plus tard."
    ),
)
MESSAGES_SENT = CountedLimit(
    MESSAGES_PER_WINDOW,
    MESSAGE_WINDOW,
    _lazy(
        "Vous avez envoyé %(count)d messages en moins de %(minutes)d minutes. "
        "Merci de patienter quelques minutes avant d’écrire de nouveau."
    ),
    field="body",
)


def _ensure_under_rate_limit(actor: User) -> None:
    CONVERSATIONS_OPENED.ensure_under(
        Conversation.objects.filter(person=actor, started_by=Side.PERSON)
    )


def _ensure_organisation_under_rate_limit(organisation: Organisation) -> None:
    ORGANISATION_CONVERSATIONS_OPENED.ensure_under(
        Conversation.objects.filter(organisation=organisation, started_by=Side.ORGANISATION)
    )


def _ensure_under_message_limit(actor: User) -> None:
    MESSAGES_SENT.ensure_under(Message.objects.filter(sender=actor, broadcast=False))


def _open(
    *,
    organisation: Organisation,
    person: User,
    sender: User,
    started_by: Side,
    subject: str,
    body: str,
    action: Action | None,
    slot: Slot | None,
    broadcast: bool = False,
) -> tuple[Conversation, Message]:
    conversation = Conversation.objects.create(
        organisation=organisation,
        person=person,
        subject=subject,
        started_by=started_by,
        action=action,
        slot=slot,
        last_message_at=timezone.now(),
    )
    message = Message.objects.create(
        conversation=conversation,
        sender=sender,
        from_organisation=started_by == Side.ORGANISATION,
        broadcast=broadcast,
        body=body,
        fingerprint="" if broadcast else spam.fingerprint(body),
    )
    if not broadcast:
        spam.hold_if_repeated(message)
    # The conversation's date is its last message's, to the microsecond.
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    return conversation, message


def start_conversation(
    actor: User,
    organisation: Organisation,
    *,
    subject: str,
    body: str,
    action: Action | None = None,
    slot: Slot | None = None,
) -> Conversation:
    """A person writes to a verified organisation they are not a member of and have no block
    with, at most CONVERSATIONS_PER_HOUR times an hour, optionally about one of its actions or
    slots; the organisation's owner and admins are notified, never with the person's address
    (answers go through the site)."""
    ensure_can_contact(actor, organisation)
    if slot is not None:
        action = slot.action
    if action is not None and action.organisation_id != organisation.pk:
        raise ActionRefused(_("Cette action n’est pas organisée par cette organisation."))
    subject = _clean_subject(subject)
    body = _clean_body(body)
    _ensure_under_rate_limit(actor)
    _ensure_under_message_limit(actor)
    with transaction.atomic():
        conversation, message = _open(
            organisation=organisation,
            person=actor,
            sender=actor,
            started_by=Side.PERSON,
            subject=subject,
            body=body,
            action=action,
            slot=slot,
        )
        # A first message held as likely spam tells nobody.
        managers = managers_of(organisation) if message.hidden_at is None else []
        for membership in managers:
            notify(
                membership.person,
                "messaging.new_conversation",
                {
                    "conversation": conversation,
                    "organisation": organisation,
                    "message": message,
                    "sender_name": actor.public_name,
                    "url": conversation.get_absolute_url(),
                },
            )
    return conversation


def _add_message(conversation: Conversation, *, sender: User, body: str) -> Message:
    """A person's message in an existing conversation, moving its date forward."""
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, fingerprint=spam.fingerprint(body)
    )
    spam.hold_if_repeated(message)
    # Only ever forward: a slower simultaneous message must not move the date back.
    Conversation.objects.filter(pk=conversation.pk, last_message_at__lt=message.created_at).update(
        last_message_at=message.created_at
    )
    conversation.last_message_at = max(conversation.last_message_at, message.created_at)
    return message


def start_personal_conversation(
    actor: User, other: User, *, subject: str, body: str
) -> Conversation:
    """A person writes to another person (mutual aid: an answer to a request for help): not to
    themselves, not to a closed account, not across a block either way. A pair writing again
    under the same subject continues its conversation, whoever wrote first; a new one counts
    in the actor's CONVERSATIONS_PER_HOUR, every message in MESSAGES_PER_WINDOW. The other
    person is notified with the actor's public name and a link, never an address."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if other.pk == actor.pk:
        raise ActionRefused(_("Vous ne pouvez pas vous écrire à vous-même."))
    if not other.is_active:
        raise ActionRefused(_("Cette personne ne peut plus être contactée."))
    _ensure_people_not_blocked(actor, other)
    subject = _clean_subject(subject)
    body = _clean_body(body)
    # Two simultaneous first messages may open two threads of the same subject: harmless
    # (both are listed), and cheaper than a lock on the pair.
    conversation = selectors.personal_conversation(actor, other, subject)
    if conversation is None:
        _ensure_under_rate_limit(actor)
    _ensure_under_message_limit(actor)
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(
                person=actor,
                counterpart=other,
                subject=subject,
                started_by=Side.PERSON,
                last_message_at=timezone.now(),
            )
            message = Message.objects.create(
                conversation=conversation,
                sender=actor,
                body=body,
                fingerprint=spam.fingerprint(body),
            )
            spam.hold_if_repeated(message)
            conversation.last_message_at = message.created_at
            conversation.save(update_fields=["last_message_at"])
        else:
            message = _add_message(conversation, sender=actor, body=body)
        if message.hidden_at is None:  # held as likely spam: nobody is told
            # notify writes the in-app notification now and its e-mail leaves on commit.
            notify(
                other,
                "messaging.person_wrote",
                {
                    "conversation": conversation,
                    "message": message,
                    "sender_name": actor.public_name,
                    "url": conversation.get_absolute_url(),
                },
            )
    return conversation


def start_conversation_from_organisation(
    actor: User,
    organisation: Organisation,
    person: User,
    *,
    subject: str,
    body: str,
    action: Action | None = None,
) -> Conversation:
    """A manager of a verified organisation writes first to a person (a volunteer found in
    the search), optionally proposing one of its actions: not to one of its own members, not
    across a block, at most ORGANISATION_CONVERSATIONS_PER_HOUR openings an hour for the whole
    organisation. The person is notified; they answer on the site, addresses stay masked."""
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied
    if not organisation.is_verified:
        raise ActionRefused(
            _("Votre organisation doit être vérifiée avant de pouvoir contacter des personnes.")
        )
    if not person.is_active:
        raise ActionRefused(_("Cette personne ne peut plus être contactée."))
    if role_of(person, organisation) is not None:
        raise ActionRefused(
            _(
                "Cette personne est membre de votre organisation : écrivez-lui au sein de "
                "l’organisation."
            )
        )
    if action is not None and action.organisation_id != organisation.pk:
        raise ActionRefused(_("Cette action n’est pas organisée par votre organisation."))
    _ensure_not_blocked(organisation, person, writer=Side.ORGANISATION)
    subject = _clean_subject(subject)
    body = _clean_body(body)
    _ensure_organisation_under_rate_limit(organisation)
    _ensure_under_message_limit(actor)
    with transaction.atomic():
        conversation, message = _open(
            organisation=organisation,
            person=person,
            sender=actor,
            started_by=Side.ORGANISATION,
            subject=subject,
            body=body,
            action=action,
            slot=None,
        )
        notify(
            person,
            "messaging.organisation_wrote",
            {
                "conversation": conversation,
                "organisation": organisation,
                "message": message,
                "action": action,
                "url": conversation.get_absolute_url(),
            },
        )
    return conversation


def reply(actor: User, conversation: Conversation, *, body: str) -> Message:
    """The person answers as themselves; a manager answers as the organisation (shown under its
    name). The other side is told: the person, or the organisation's managers but the author.
    In a personal conversation each person answers the other, unless either blocks the other
    or the other's account is closed."""
    if not rules.can_reply(actor, conversation):
        raise PermissionDenied
    body = _clean_body(body)
    organisation = conversation.organisation
    if organisation is None:
        return _reply_to_person(actor, conversation, body=body)
    side = selectors.side_of(actor, conversation)
    from_organisation = side == Side.ORGANISATION
    _ensure_not_blocked(organisation, conversation.person, writer=side)
    _ensure_under_message_limit(actor)
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=actor,
            from_organisation=from_organisation,
            body=body,
            fingerprint=spam.fingerprint(body),
        )
        spam.hold_if_repeated(message)
        # Only ever forward: a slower simultaneous reply must not move the date back.
        Conversation.objects.filter(
            pk=conversation.pk, last_message_at__lt=message.created_at
        ).update(last_message_at=message.created_at)
        conversation.last_message_at = max(conversation.last_message_at, message.created_at)
        if from_organisation:
            recipients = [conversation.person]
        else:
            recipients = [
                membership.person
                for membership in managers_of(organisation)
                if membership.person_id != actor.pk
            ]
        sender_name = organisation.name if from_organisation else actor.public_name
        if message.hidden_at is not None:  # held as likely spam: nobody is told
            recipients = []
        for recipient in recipients:
            notify(
                recipient,
                "messaging.new_reply",
                {
                    "conversation": conversation,
                    "organisation": organisation,
                    "message": message,
                    "sender_name": sender_name,
                    "to_organisation": not from_organisation,
                    "url": conversation.get_absolute_url(),
                },
            )
    return message


def _reply_to_person(actor: User, conversation: Conversation, *, body: str) -> Message:
    other = rules.other_participant(actor, conversation)
    if not other.is_active:
        raise ActionRefused(_("Cette personne ne peut plus être contactée."))
    _ensure_people_not_blocked(actor, other)
    _ensure_under_message_limit(actor)
    with transaction.atomic():
        message = _add_message(conversation, sender=actor, body=body)
        if message.hidden_at is None:  # held as likely spam: nobody is told
            notify(
                other,
                "messaging.new_reply",
                {
                    "conversation": conversation,
                    "message": message,
                    "sender_name": actor.public_name,
                    "to_organisation": False,
                    "url": conversation.get_absolute_url(),
                },
            )
    return message


def write_to_slot_participants(
    actor: User, slot: Slot, *, subject: str, body: str
) -> list[Conversation]:
    """The organisation writes to every confirmed participant of a slot, each in their own
    conversation about that slot (continued when it exists), so answers come back to its
    shared inbox and nobody sees anybody else. Participants who blocked the organisation are
    skipped. Not counted by the solicitation limits: these people signed up. Each is told by a
    task queued with the messages (messaging/tasks.py)."""
    action = slot.action
    if not can_manage_action(actor, action):
        raise PermissionDenied
    subject = _clean_subject(subject)
    body = _clean_body(body)
    organisation = action.organisation
    blocked = Block.objects.filter(organisation=organisation).values("person")
    participants = (
        Participation.objects.filter(slot=slot, status=ParticipationStatus.CONFIRMED)
        .exclude(person__in=blocked)
        .select_related("person")
        .order_by("pk")
    )
    existing = {
        conversation.person_id: conversation
        for conversation in Conversation.objects.filter(organisation=organisation, slot=slot)
    }
    conversations = []
    written: list[int] = []
    with transaction.atomic():
        for participation in participants:
            person = participation.person
            conversation = existing.get(person.pk)
            if conversation is None:
                conversation, message = _open(
                    organisation=organisation,
                    person=person,
                    sender=actor,
                    started_by=Side.ORGANISATION,
                    subject=subject,
                    body=body,
                    action=action,
                    slot=slot,
                    broadcast=True,
                )
                existing[person.pk] = conversation
            else:
                message = Message.objects.create(
                    conversation=conversation,
                    sender=actor,
                    from_organisation=True,
                    broadcast=True,
                    body=body,
                )
                Conversation.objects.filter(pk=conversation.pk).update(
                    last_message_at=message.created_at
                )
            written.append(message.pk)
            conversations.append(conversation)
        # The people are told by the worker, queued with the messages (as an action's
        # cancellation is): rendering hundreds of e-mails must not hold this request.
        if written:
            enqueue_with_change(tasks.tell_slot_participants, message_ids=written)
        log_action(
            actor,
            "messaging.slot_participants.messaged",
            action,
            slot=slot.pk,
            recipients=len(conversations),
        )
    return conversations


def mark_conversation_read(actor: User, conversation: Conversation) -> None:
    """Move the actor's read mark to now, and mark read the notifications that point to the
    conversation: reading the thread is reading them."""
    if not rules.can_read_conversation(actor, conversation):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        ConversationRead.objects.update_or_create(
            conversation=conversation, person=actor, defaults={"last_read_at": now}
        )
        mark_read_for_url(actor, conversation.get_absolute_url())


def block_other_side(actor: User, conversation: Conversation) -> Block:
    """The person blocks the organisation, or a manager blocks the person on the
    organisation's behalf: from then on neither side can write to the other. (Two people
    block each other on community's page, not here.)"""
    if not rules.can_read_conversation(actor, conversation) or conversation.is_personal:
        raise PermissionDenied
    side = selectors.side_of(actor, conversation)
    with transaction.atomic():
        block, created = Block.objects.get_or_create(
            organisation=conversation.organisation,
            person=conversation.person,
            blocked_by=side,
            defaults={"created_by": actor},
        )
        if created:
            log_action(
                actor,
                "messaging.block.created",
                conversation.organisation,
                person=conversation.person_id,
                blocked_by=side.value,
                conversation=conversation.pk,
            )
    return block


def unblock_other_side(actor: User, conversation: Conversation) -> None:
    """Lift the block the actor's side put on the other side of the conversation."""
    if not rules.can_read_conversation(actor, conversation) or conversation.is_personal:
        raise PermissionDenied
    side = selectors.side_of(actor, conversation)
    with transaction.atomic():
        deleted, _details = Block.objects.filter(
            organisation=conversation.organisation, person=conversation.person, blocked_by=side
        ).delete()
        if deleted:
            log_action(
                actor,
                "messaging.block.lifted",
                conversation.organisation,
                person=conversation.person_id,
                blocked_by=side.value,
                conversation=conversation.pk,
            )


def report_message(actor: User, message: Message, *, reason: str) -> object:
    """Report a message of a conversation the actor can read to the moderators, unless it
    comes from the actor's own side; the report is stored for the moderation queue."""
    if not rules.can_read_conversation(actor, message.conversation):
        raise PermissionDenied
    if rules.is_from_own_side(actor, message):
        raise ActionRefused(_("On ne signale pas ses propres messages."))
    return report_content(actor, message, reason=reason)
