"""Writes. Each service checks its rule, runs in one transaction and queues its e-mails for
after the commit. Plain messages are not written to the audit log: they are not decisions, and
the conversation itself is the record."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.core.exceptions import ActionRefused
from entraide.core.notifications import notify
from entraide.messaging import rules, selectors
from entraide.messaging.enums import Side
from entraide.messaging.models import Conversation, Message
from entraide.organisations.models import Organisation
from entraide.organisations.rules import role_of
from entraide.organisations.selectors import managers_of

SUBJECT_MIN_LENGTH = 3
SUBJECT_MAX_LENGTH = 150
BODY_MIN_LENGTH = 10
BODY_MAX_LENGTH = 5000
# New conversations one person may open per hour, whatever the organisations: enough for a
# sincere person, a brake for spam.
CONVERSATIONS_PER_HOUR = 10


def ensure_can_contact(actor: User, organisation: Organisation) -> None:
    """Raise unless `actor` may write to `organisation` at all: logged in, the organisation
    verified, and the actor not one of its members (they talk inside the organisation)."""
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


def _ensure_under_rate_limit(actor: User) -> None:
    # Counted in the database so that it holds across processes; two simultaneous requests
    # may both pass at the limit, an overshoot of one we accept.
    since = timezone.now() - timedelta(hours=1)
    if (
        Conversation.objects.filter(person=actor, created_at__gte=since).count()
        >= CONVERSATIONS_PER_HOUR
    ):
        raise ActionRefused(
            _(
                "Vous avez déjà commencé %(count)d conversations au cours de la dernière heure. "
                "Merci de réessayer un peu plus tard."
            )
            % {"count": CONVERSATIONS_PER_HOUR}
        )


def start_conversation(
    actor: User, organisation: Organisation, *, subject: str, body: str
) -> Conversation:
    """A person writes to a verified organisation they are not a member of, at most
    CONVERSATIONS_PER_HOUR times an hour; the organisation's owner and admins are told by
    e-mail, which never carries the person's address (answers go through the site)."""
    ensure_can_contact(actor, organisation)
    subject = _clean_subject(subject)
    body = _clean_body(body)
    _ensure_under_rate_limit(actor)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation, person=actor, subject=subject, last_message_at=timezone.now()
        )
        message = Message.objects.create(conversation=conversation, sender=actor, body=body)
        # The conversation's date is its last message's, to the microsecond.
        conversation.last_message_at = message.created_at
        conversation.save(update_fields=["last_message_at"])
        for membership in managers_of(organisation):
            notify(
                membership.person,
                "messaging.new_conversation",
                {
                    "conversation": conversation,
                    "organisation": organisation,
                    "message": message,
                    "sender_name": actor.public_name,
                },
            )
    return conversation


def reply(actor: User, conversation: Conversation, *, body: str) -> Message:
    """The person answers as themselves; a manager answers as the organisation (shown under its
    name). The other side is told: the person, or the organisation's managers but the author."""
    if not rules.can_reply(actor, conversation):
        raise PermissionDenied
    body = _clean_body(body)
    from_organisation = selectors.side_of(actor, conversation) == Side.ORGANISATION
    organisation = conversation.organisation
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation,
            sender=actor,
            from_organisation=from_organisation,
            body=body,
        )
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
                },
            )
    return message
