"""Who may read and write in a conversation. One condition per line."""

from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User
from entraide.messaging.models import Conversation, Message
from entraide.organisations.rules import MANAGING_ROLES, can_manage_organisation


def is_conversation_person(user: User | AnonymousUser, conversation: Conversation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and conversation.person_id == getattr(
        user, "pk", None
    )


def can_read_conversation(user: User | AnonymousUser, conversation: Conversation) -> bool:
    """The person who wrote, and the owner and admins of the organisation (its shared inbox)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_conversation_person(user, conversation):
        return True
    return can_manage_organisation(user, conversation.organisation)


def is_from_own_side(user: User | AnonymousUser, message: Message) -> bool:
    """Written by the user, or by their side of the conversation (a colleague answering for
    the organisation they run): nobody reports their own words."""
    if message.sender_id is not None and message.sender_id == getattr(user, "pk", None):
        return True
    if message.from_organisation:
        return can_manage_organisation(user, message.conversation.organisation)
    return is_conversation_person(user, message.conversation)


def can_reply(user: User | AnonymousUser, conversation: Conversation) -> bool:
    # Blocking (a later issue) will add its condition here.
    if not getattr(user, "is_active", False):
        return False
    return can_read_conversation(user, conversation)


def in_a_conversation_with(viewer: User, person: User) -> bool:
    """The person wrote to (or was written by) an organisation the viewer runs, or the other way
    round (a reason for accounts.rules to show the person's page)."""
    managed_by = {"organisation__memberships__role__in": MANAGING_ROLES}
    return (
        Conversation.objects.filter(
            person=person, organisation__memberships__person=viewer, **managed_by
        ).exists()
        or Conversation.objects.filter(
            person=viewer, organisation__memberships__person=person, **managed_by
        ).exists()
    )
