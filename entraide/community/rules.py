"""Who may do what in the trusted networks. One condition per line; the services raise with a
message where these say no, the views and templates read them to show the right buttons."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from entraide.accounts.models import User
from entraide.community.enums import (
    ConnectionStatus,
    GroupRole,
    MembershipState,
    SponsorshipState,
    Visibility,
)
from entraide.community.models import Connection, Group, Membership, PersonBlock, Sponsorship, Trust

MANAGING_ROLES = (GroupRole.ADMIN,)
# Those who may see the pending requests and a candidate's answers: admins and moderators.
REVIEWING_ROLES = (GroupRole.ADMIN, GroupRole.MODERATOR)


def pair(a_id: int, b_id: int) -> tuple[int, int]:
    """The stored order of a connection's pair."""
    return (a_id, b_id) if a_id < b_id else (b_id, a_id)


def is_logged_in(viewer: object) -> bool:
    return bool(getattr(viewer, "is_authenticated", False))


def membership_of(viewer: object, group: Group) -> Membership | None:
    """The viewer's live membership (a request or an active one), if any."""
    if not is_logged_in(viewer):
        return None
    return (
        Membership.objects.filter(
            group=group,
            person_id=getattr(viewer, "pk", None),
            state__in=(MembershipState.REQUESTED, MembershipState.ACTIVE),
        )
        .order_by("-pk")
        .first()
    )


def is_active_member(viewer: object, group: Group) -> bool:
    if not is_logged_in(viewer):
        return False
    return Membership.objects.filter(
        group=group, person_id=getattr(viewer, "pk", None), state=MembershipState.ACTIVE
    ).exists()


def has_role(viewer: object, group: Group, roles: tuple[str, ...]) -> bool:
    if not is_logged_in(viewer):
        return False
    return Membership.objects.filter(
        group=group,
        person_id=getattr(viewer, "pk", None),
        state=MembershipState.ACTIVE,
        role__in=roles,
    ).exists()


def can_manage_group(viewer: object, group: Group) -> bool:
    return has_role(viewer, group, MANAGING_ROLES)


def can_review_requests(viewer: object, group: Group) -> bool:
    return has_role(viewer, group, REVIEWING_ROLES)


def can_see_group(viewer: object, group: Group) -> bool:
    """A secret group exists only for its members (and those whose request is live)."""
    if group.visibility != Visibility.SECRET:
        return True
    return membership_of(viewer, group) is not None


def can_see_content(viewer: object, group: Group) -> bool:
    """Members list, posts, sponsorships: public groups show them to all, others to members."""
    if group.visibility == Visibility.PUBLIC:
        return True
    return is_active_member(viewer, group)


def is_blocked_between(a_id: int, b_id: int) -> bool:
    return PersonBlock.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def are_connected(a_id: int, b_id: int) -> bool:
    first, second = pair(a_id, b_id)
    return Connection.objects.filter(
        first_id=first, second_id=second, status=ConnectionStatus.ACCEPTED
    ).exists()


def sponsors_needed(group: Group, active_members: int) -> int:
    """The group's number of sponsors, but never more than it has members: a group founded
    alone and asking for three sponsors could otherwise admit nobody, ever."""
    return max(1, min(group.sponsors_required, active_members))


def trust_threshold(active_members: int) -> int:
    """Trust that ends the newcomer period early: min(3, max(1, members ÷ 2)) (Karrot's)."""
    return min(3, max(1, active_members // 2))


def is_newcomer(membership: Membership, *, active_members: int | None = None) -> bool:
    """A member is a newcomer until `newcomer_days` of membership or enough trust received;
    admins never are (ADR 0030)."""
    group = membership.group
    if membership.state != MembershipState.ACTIVE or membership.joined_at is None:
        return True
    # The founder and the admins they appoint were trusted with the group itself.
    if membership.role == GroupRole.ADMIN:
        return False
    if membership.joined_at <= timezone.now() - timedelta(days=group.newcomer_days):
        return False
    if active_members is None:
        active_members = group.memberships.filter(state=MembershipState.ACTIVE).count()
    received = Trust.objects.filter(group=group, receiver_id=membership.person_id).count()
    return received < trust_threshold(active_members)


def removed_sponsees(membership: Membership) -> int:
    """Sponsees of this member excluded within the group's window (and since an admin last
    restored the right)."""
    group = membership.group
    since = timezone.now() - timedelta(days=30 * group.accountability_months)
    if membership.sponsoring_restored_at and membership.sponsoring_restored_at > since:
        since = membership.sponsoring_restored_at
    return (
        Sponsorship.objects.filter(
            group=group,
            sponsor_id=membership.person_id,
            membership__state=MembershipState.REVOKED,
            membership__ended_at__gte=since,
        )
        .values("membership")
        .distinct()
        .count()
    )


def has_lost_sponsoring_right(membership: Membership) -> bool:
    group = membership.group
    return group.accountability and removed_sponsees(membership) >= group.accountability_removals


def brought_in_by(group: Group, person_ids: list[int]) -> dict[int, set[int]]:
    """For each person, the sponsors of their admission into the group (empty for founders)."""
    found: dict[int, set[int]] = {person_id: set() for person_id in person_ids}
    rows = Sponsorship.objects.filter(
        group=group,
        candidate_id__in=person_ids,
        state=SponsorshipState.ACTIVE,
        sponsor__isnull=False,
    ).values_list("candidate_id", "sponsor_id")
    for candidate_id, sponsor_id in rows:
        if candidate_id is not None and sponsor_id is not None:
            found[candidate_id].add(sponsor_id)
    return found


def single_origin(group: Group, sponsor_ids: list[int]) -> int | None:
    """The anti-collusion rule: the one person who is, or brought in, every one of these
    sponsors; None when they come from more than one origin."""
    if len(sponsor_ids) < 2:
        return None
    origins = brought_in_by(group, sponsor_ids)
    common: set[int] | None = None
    for sponsor_id in sponsor_ids:
        reach = origins[sponsor_id] | {sponsor_id}
        common = reach if common is None else common & reach
    return min(common) if common else None


def knows_through_community(viewer: User, person: User) -> bool:
    """A reason to see a member's page (accounts.rules): a connection (or the person's request
    to connect, waiting for the viewer's answer), or an active group both belong to."""
    first, second = pair(viewer.pk, person.pk)
    # A request waiting opens the asker's page to the person asked, not the other way round:
    # asking would otherwise be a way to see anybody's page.
    if Connection.objects.filter(
        Q(status=ConnectionStatus.ACCEPTED)
        | Q(status=ConnectionStatus.PENDING, asked_by_id=person.pk),
        first_id=first,
        second_id=second,
    ).exists():
        return True
    shared = Membership.objects.filter(person=viewer, state=MembershipState.ACTIVE).values("group")
    return Membership.objects.filter(
        person=person, state=MembershipState.ACTIVE, group__in=shared
    ).exists()
