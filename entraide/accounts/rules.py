"""Who may see a member's page. One condition per line.

A person's page is shown only where the viewer has a reason to meet them: a shared
organisation, a conversation, an action both take part in, a volunteer profile the person made
discoverable to associations. Those reasons live in the apps above `accounts`; each registers
its predicate here when it loads (`register_member_page_reason`), so `accounts` imports none
of them."""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User

MemberPageReason = Callable[[User, User], bool]
MEMBER_PAGE_REASONS: list[MemberPageReason] = []


def register_member_page_reason(reason: MemberPageReason) -> MemberPageReason:
    if reason not in MEMBER_PAGE_REASONS:
        MEMBER_PAGE_REASONS.append(reason)
    return reason


def signed_in(user: User | AnonymousUser | None) -> User | None:
    """The viewer as a `User` when logged in, else None: what the rules' queries filter by."""
    return user if isinstance(user, User) and user.is_authenticated else None


def can_view_member(viewer: User | AnonymousUser, person: User) -> bool:
    signed = signed_in(viewer)
    if signed is None:
        return False
    if signed.pk == person.pk:
        return True
    if signed.is_staff:
        return True
    return any(reason(signed, person) for reason in MEMBER_PAGE_REASONS)
