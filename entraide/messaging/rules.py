"""Who may read and write in a conversation. One condition per line.

Blocks between two people live in `community`, above messaging: community registers its
predicate here when it loads (`register_person_block_check`), so messaging imports none of it."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from entraide.accounts.models import User
from entraide.messaging.models import Conversation, Message
from entraide.organisations.rules import MANAGING_ROLES, can_manage_organisation

# (a_id, b_id) -> True when either person blocks the other.
PersonBlockCheck = Callable[[int, int], bool]
PERSON_BLOCK_CHECKS: list[PersonBlockCheck] = []


def register_person_block_check(check: PersonBlockCheck) -> PersonBlockCheck:
    if check not in PERSON_BLOCK_CHECKS:
        PERSON_BLOCK_CHECKS.append(check)
    return check


def is_blocked_between(a_id: int, b_id: int) -> bool:
    """Either person blocks the other, by any registered check."""
    return any(check(a_id, b_id) for check in PERSON_BLOCK_CHECKS)


def is_conversation_person(user: User | AnonymousUser, conversation: Conversation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and conversation.person_id == getattr(
        user, "pk", None
    )


def is_participant(user: User | AnonymousUser, conversation: Conversation) -> bool:
    """One of the two people of a personal conversation."""
    if not getattr(user, "is_authenticated", False) or not conversation.is_personal:
        return False
    return getattr(user, "pk", None) in (conversation.person_id, conversation.counterpart_id)


def other_participant(user: User | AnonymousUser, conversation: Conversation) -> User:
    """The other person of a personal conversation, seen by one of its two people."""
    if conversation.person_id == getattr(user, "pk", None):
        assert conversation.counterpart is not None
        return conversation.counterpart
    return conversation.person


def can_read_conversation(user: User | AnonymousUser, conversation: Conversation) -> bool:
    """The person who wrote, and the owner and admins of the organisation (its shared inbox);
    in a personal conversation, its two people and nobody else."""
    if not getattr(user, "is_authenticated", False):
        return False
    if conversation.organisation is None:
        return is_participant(user, conversation)
    if is_conversation_person(user, conversation):
        return True
    return can_manage_organisation(user, conversation.organisation)


def is_from_own_side(user: User | AnonymousUser, message: Message) -> bool:
    """Written by the user, or by their side of the conversation (a colleague answering for
    the organisation they run): nobody reports their own words."""
    if message.sender_id is not None and message.sender_id == getattr(user, "pk", None):
        return True
    organisation = message.conversation.organisation
    if organisation is None:
        return False
    if message.from_organisation:
        return can_manage_organisation(user, organisation)
    return is_conversation_person(user, message.conversation)


def can_reply(user: User | AnonymousUser, conversation: Conversation) -> bool:
    # Blocks are refusals with a message for the person (services._ensure_not_blocked and
    # _ensure_people_not_blocked), not a lack of permission.
    if not getattr(user, "is_active", False):
        return False
    return can_read_conversation(user, conversation)


def in_a_conversation_with(viewer: User, person: User) -> bool:
    """The person wrote to (or was written by) an organisation the viewer runs, or the other way
    round, or the two share a personal conversation (a reason for accounts.rules to show the
    person's page, where the other may block them)."""
    managed_by = {"organisation__memberships__role__in": MANAGING_ROLES}
    return (
        Conversation.objects.filter(
            person=person, organisation__memberships__person=viewer, **managed_by
        ).exists()
        or Conversation.objects.filter(
            person=viewer, organisation__memberships__person=person, **managed_by
        ).exists()
        or Conversation.objects.filter(
            Q(person=viewer, counterpart=person) | Q(person=person, counterpart=viewer)
        ).exists()
    )
