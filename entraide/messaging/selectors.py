"""Reads. access_conversation is the only way from an id in a URL to a conversation."""

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.http import Http404

from entraide.messaging import rules
from entraide.messaging.enums import Side
from entraide.messaging.models import Conversation, Message
from entraide.organisations.models import Membership, Organisation
from entraide.organisations.rules import MANAGING_ROLES
from entraide.organisations.selectors import access_organisation


def access_conversation(user: object, conversation_id: int) -> Conversation:
    """404 unless the user is the conversation's person or a manager of its organisation: a
    stranger cannot even learn that the conversation exists."""
    conversation = (
        Conversation.objects.select_related("organisation", "person")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or not rules.can_read_conversation(user, conversation):
        raise Http404
    return conversation


def access_contactable_organisation(user: object, slug: str) -> Organisation:
    """The organisation behind a "Contacter" link: only verified organisations have a public
    inbox, so an unverified one is a 404 even for its own members and staff."""
    organisation = access_organisation(user, slug)
    if not organisation.is_verified:
        raise Http404
    return organisation


def side_of(user: object, conversation: Conversation) -> Side:
    """The person who wrote sees their side even if they later became a manager."""
    if rules.is_conversation_person(user, conversation):
        return Side.PERSON
    return Side.ORGANISATION


def inbox_of(user: object) -> QuerySet[Conversation]:
    """The user's own conversations and those of the organisations they manage, newest first;
    each row carries `side` (a `Side` value) telling from which side the user sees it."""
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    # A subquery rather than a join: joining memberships would repeat a conversation once per
    # member of its organisation.
    user_id = getattr(user, "pk", None)
    managed = Membership.objects.filter(person_id=user_id, role__in=MANAGING_ROLES).values(
        "organisation"
    )
    return (
        Conversation.objects.filter(Q(person_id=user_id) | Q(organisation__in=managed))
        .annotate(
            side=Case(
                When(person_id=user_id, then=Value(Side.PERSON.value)),
                default=Value(Side.ORGANISATION.value),
                output_field=CharField(),
            )
        )
        .select_related("organisation", "person")
        .order_by("-last_message_at", "-pk")
    )


def thread_of(conversation: Conversation) -> QuerySet[Message]:
    """The messages of a conversation, oldest first."""
    return conversation.messages.select_related("sender").order_by("created_at", "pk")
