"""Who may see a member's page. One condition per line.

A person's page is shown only where the viewer has a reason to meet them: a shared
organisation, a conversation, an action both take part in, a volunteer profile the person made
discoverable to associations. Those reasons live in the apps above `accounts`; each registers
its predicate here when it loads (`register_member_page_reason`), so `accounts` imports none
of them."""

from collections.abc import Callable
from typing import Any

from entraide.accounts.models import User

MemberPageReason = Callable[[User, User], bool]
MEMBER_PAGE_REASONS: list[MemberPageReason] = []


def register_member_page_reason(reason: MemberPageReason) -> MemberPageReason:
    if reason not in MEMBER_PAGE_REASONS:
        MEMBER_PAGE_REASONS.append(reason)
    return reason


def can_view_member(viewer: Any, person: User) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == person.pk:
        return True
    if viewer.is_staff:
        return True
    return any(reason(viewer, person) for reason in MEMBER_PAGE_REASONS)
