"""Who may read and write in a conversation. One condition per line."""

from entraide.messaging.models import Conversation
from entraide.organisations.models import Organisation
from entraide.organisations.rules import can_manage_organisation, role_of


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


def can_contact_organisation(user: object, organisation: Organisation) -> bool:
    """A logged-in person writes to a verified organisation they do not belong to (its members
    talk to each other inside the organisation, not through its public inbox)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not organisation.is_verified:
        return False
    return role_of(user, organisation) is None
