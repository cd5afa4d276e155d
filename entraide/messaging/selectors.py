"""Reads. access_conversation is the only way from an id in a URL to a conversation."""

from datetime import UTC, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from entraide.accounts.models import User
from entraide.messaging import rules
from entraide.messaging.enums import Side
from entraide.messaging.models import Block, Conversation, ConversationRead, Message
from entraide.organisations.models import Membership, Organisation
from entraide.organisations.rules import MANAGING_ROLES
from entraide.organisations.selectors import access_organisation

# Before any message: a conversation never read counts all the other side's messages.
NEVER_READ = datetime(2000, 1, 1, tzinfo=UTC)


def access_conversation(user: User | AnonymousUser, conversation_id: int) -> Conversation:
    """404 unless the user is the conversation's person or a manager of its organisation (in a
    personal conversation, one of its two people): a stranger cannot even learn that the
    conversation exists."""
    conversation = (
        Conversation.objects.select_related(
            "organisation", "person", "counterpart", "action", "slot"
        )
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or not rules.can_read_conversation(user, conversation):
        raise Http404
    return conversation


def access_contactable_organisation(user: User | AnonymousUser, slug: str) -> Organisation:
    """The organisation behind a "Contacter" link: only verified organisations have a public
    inbox, so an unverified one is a 404 even for its own members and staff."""
    organisation = access_organisation(user, slug)
    if not organisation.is_verified:
        raise Http404
    return organisation


def side_of(user: User | AnonymousUser, conversation: Conversation) -> Side:
    """The person who wrote sees their side even if they later became a manager; both people
    of a personal conversation write in their own name."""
    if conversation.is_personal or rules.is_conversation_person(user, conversation):
        return Side.PERSON
    return Side.ORGANISATION


def inbox_of(user: User | AnonymousUser) -> QuerySet[Conversation]:
    """The user's own conversations and those of the organisations they manage, newest first;
    each row carries `side` (a `Side` value) telling from which side the user sees it, and
    `unread`, how many messages from the other side arrived since the user last read it.
    Personal conversations come in from both ends, as their `person` or their `counterpart`."""
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    # A subquery rather than a join: joining memberships would repeat a conversation once per
    # member of its organisation.
    user_id = getattr(user, "pk", None)
    managed = Membership.objects.filter(person_id=user_id, role__in=MANAGING_ROLES).values(
        "organisation"
    )
    return (
        Conversation.objects.filter(
            Q(person_id=user_id) | Q(counterpart_id=user_id) | Q(organisation__in=managed)
        )
        .annotate(
            side=Case(
                When(person_id=user_id, then=Value(Side.PERSON.value)),
                When(counterpart_id=user_id, then=Value(Side.PERSON.value)),
                default=Value(Side.ORGANISATION.value),
                output_field=CharField(),
            )
        )
        .annotate(
            # Messages the user has not read are the other side's: the organisation's for the
            # person, the person's for a manager (a co-admin's answer is the manager's own side).
            # In a personal conversation no message is the organisation's: the other person's
            # are those the user did not send.
            unread_from_organisation=Case(
                When(person_id=user_id, organisation__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            last_read_at=Coalesce(
                Subquery(
                    ConversationRead.objects.filter(
                        conversation=OuterRef("pk"), person_id=user_id
                    ).values("last_read_at")[:1]
                ),
                Value(NEVER_READ),
            ),
        )
        .annotate(
            unread=Coalesce(
                Subquery(
                    Message.objects.filter(
                        conversation=OuterRef("pk"),
                        from_organisation=OuterRef("unread_from_organisation"),
                        created_at__gt=OuterRef("last_read_at"),
                    )
                    .exclude(sender_id=user_id)
                    .order_by()
                    .values("conversation")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .select_related("organisation", "person", "counterpart", "action")
        .order_by("-last_message_at", "-pk")
    )


def unread_conversation_count(user: User | AnonymousUser) -> int:
    """How many of the user's conversations hold a message they have not read."""
    # `unread` is an annotation of inbox_of, which django-stubs cannot see.
    return inbox_of(user).filter(unread__gt=0).count()  # type: ignore[misc]


def blocks_between(conversation: Conversation) -> set[str]:
    """The sides (`Side` values) that block the other in this conversation's pair (none in a
    personal conversation: see `people_blocked`)."""
    if conversation.organisation is None:
        return set()
    return set(
        Block.objects.filter(
            organisation=conversation.organisation, person_id=conversation.person_id
        ).values_list("blocked_by", flat=True)
    )


def people_blocked(conversation: Conversation) -> bool:
    """One of the two people of a personal conversation blocks the other."""
    if not conversation.is_personal:
        return False
    assert conversation.counterpart_id is not None
    return rules.is_blocked_between(conversation.person_id, conversation.counterpart_id)


def personal_conversation(first: User, second: User, subject: str) -> Conversation | None:
    """The personal conversation of this pair with this subject, whoever wrote first."""
    return (
        Conversation.objects.filter(
            Q(person=first, counterpart=second) | Q(person=second, counterpart=first),
            subject=subject,
        )
        .order_by("pk")
        .first()
    )


def thread_of(conversation: Conversation) -> QuerySet[Message]:
    """The messages of a conversation, oldest first."""
    return conversation.messages.select_related("sender").order_by("created_at", "pk")


def access_message(conversation: Conversation, message_id: int) -> Message:
    """A message of a conversation already accessed: 404 for any other message id."""
    message = conversation.messages.filter(pk=message_id).first()
    if message is None:
        raise Http404
    message.conversation = conversation
    return message
