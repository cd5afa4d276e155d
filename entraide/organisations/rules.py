"""Who may do what with an organisation. One condition per line; no queries hidden elsewhere."""

from typing import Any

from entraide.organisations.enums import Role, VerificationStatus
from entraide.organisations.models import IdentityChange, Membership, Organisation
from entraide.territories.rules import is_staff_for_commune

MANAGING_ROLES = (Role.OWNER, Role.ADMIN)


def role_of(user: Any, organisation: Organisation) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    membership = Membership.objects.filter(organisation=organisation, person=user).first()
    return membership.role if membership else None


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    """Verified organisations are public; the others only for their members and the staff
    who verify them."""
    if organisation.status == VerificationStatus.VERIFIED:
        return True
    if role_of(user, organisation) is not None:
        return True
    return is_staff_for_commune(user, organisation.commune)


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    return role_of(user, organisation) in MANAGING_ROLES


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    return role_of(user, organisation) in MANAGING_ROLES


def can_change_roles(user: Any, organisation: Organisation) -> bool:
    """Only the owner promotes admins, demotes them, or hands ownership over."""
    return role_of(user, organisation) == Role.OWNER


def can_verify_organisation(user: Any, organisation: Organisation) -> bool:
    return is_staff_for_commune(user, organisation.commune)


def can_read_verification_queues(user: Any) -> bool:
    """Territory staff read the queues of their territories; a superuser reads every one, but
    decides only where they staff (`can_verify_organisation`, as in the admin)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bool(user.staffed_territories.exists())


def can_decide_identity_change(user: Any, change: IdentityChange) -> bool:
    """The staff of the place the organisation asks to be listed in decide: it is their directory
    it would enter."""
    return is_staff_for_commune(user, change.commune)


def can_request_partnership(user: Any, organisation: Organisation) -> bool:
    return organisation.is_verified and can_manage_organisation(user, organisation)


def shares_an_organisation(viewer: Any, person: Any) -> bool:
    """Members of one organisation see each other's pages (a reason for accounts.rules)."""
    return Membership.objects.filter(
        person=person, organisation__memberships__person=viewer
    ).exists()
