"""Who may do what with an organisation. One condition per line; no queries hidden elsewhere."""

from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User
from entraide.accounts.rules import signed_in
from entraide.organisations.enums import Role, VerificationStatus
from entraide.organisations.models import IdentityChange, Membership, Organisation
from entraide.territories.rules import is_staff_for_commune

MANAGING_ROLES = (Role.OWNER, Role.ADMIN)


def role_of(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    signed = signed_in(user)
    if signed is None:
        return None
    membership = Membership.objects.filter(organisation=organisation, person=signed).first()
    return membership.role if membership else None


def can_view_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Verified organisations are public; the others only for their members and the staff
    who verify them."""
    if organisation.status == VerificationStatus.VERIFIED:
        return True
    if role_of(user, organisation) is not None:
        return True
    return is_staff_for_commune(user, organisation.commune)


def can_manage_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return role_of(user, organisation) in MANAGING_ROLES


def can_manage_members(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return role_of(user, organisation) in MANAGING_ROLES


def can_change_roles(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Only the owner promotes admins, demotes them, or hands ownership over."""
    return role_of(user, organisation) == Role.OWNER


def can_verify_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_staff_for_commune(user, organisation.commune)


def can_read_verification_queues(user: User | AnonymousUser) -> bool:
    """Territory staff read the queues of their territories; a superuser reads every one, but
    decides only where they staff (`can_verify_organisation`, as in the admin)."""
    signed = signed_in(user)
    if signed is None:
        return False
    if signed.is_superuser:
        return True
    return bool(signed.staffed_territories.exists())


def can_decide_identity_change(user: User | AnonymousUser, change: IdentityChange) -> bool:
    """The staff of the place the organisation asks to be listed in decide: it is their directory
    it would enter."""
    return is_staff_for_commune(user, change.commune)


def can_request_partnership(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return organisation.is_verified and can_manage_organisation(user, organisation)


def shares_an_organisation(viewer: User, person: User) -> bool:
    """Members of one organisation see each other's pages (a reason for accounts.rules)."""
    return Membership.objects.filter(
        person=person, organisation__memberships__person=viewer
    ).exists()
