"""Who may read and write in a conversation. One condition per line."""

from entraide.messaging.models import Conversation
from entraide.organisations.rules import can_manage_organisation


def is_conversation_person(user: object, conversation: Conversation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and conversation.person_id == getattr(
        user, "pk", None
    )


def can_read_conversation(user: object, conversation: Conversation) -> bool:
    """The person who wrote, and the owner and admins of the organisation (its shared inbox)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_conversation_person(user, conversation):
        return True
    return can_manage_organisation(user, conversation.organisation)


def can_reply(user: object, conversation: Conversation) -> bool:
    # Blocking (a later issue) will add its condition here.
    if not getattr(user, "is_active", False):
        return False
    return can_read_conversation(user, conversation)
