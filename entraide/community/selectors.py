"""Reads of the trusted networks. Every read of a group goes through `access_group`, and every
list of groups filters by visibility before anything else."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from entraide.accounts.models import User
from entraide.community import rules
from entraide.community.enums import (
    LISTED_VISIBILITIES,
    ConnectionStatus,
    MembershipState,
    SponsorshipState,
)
from entraide.community.models import (
    Charter,
    Connection,
    ConnectionInvitation,
    Group,
    Membership,
    Sponsorship,
)

Viewer = User | AnonymousUser

# How far up a sponsorship chain is followed: enough for any real network, a bound for a loop
# the data should never hold.
CHAIN_MAX_DEPTH = 30


def access_group(viewer: Viewer, slug_or_id: str | int) -> Group:
    """The group, or a plain 404: a secret group does not exist for a non-member, and the
    404 says nothing of its name."""
    lookup = Q(pk=slug_or_id) if isinstance(slug_or_id, int) else Q(slug=slug_or_id)
    group = Group.objects.filter(lookup).select_related("parent", "territory").first()
    if group is None or not rules.can_see_group(viewer, group):
        raise Http404
    return group


def access_group_content(viewer: Viewer, slug: str) -> Group:
    """A group whose members and content the viewer may read: 404 for a secret group, 403
    (PermissionDenied) is not used, a members-only group answers 404 to non-members too."""
    group = access_group(viewer, slug)
    if not rules.can_see_content(viewer, group):
        raise Http404
    return group


def access_managed_group(viewer: Viewer, slug: str) -> Group:
    """A group the viewer administers (admins and moderators review requests)."""
    group = access_group(viewer, slug)
    if not rules.can_review_requests(viewer, group):
        raise Http404
    return group


def listed_groups(viewer: Viewer) -> QuerySet[Group]:
    """The list of groups: public and members-only ones, never secret ones."""
    return (
        Group.objects.filter(visibility__in=LISTED_VISIBILITIES)
        .annotate(
            active_members=Count("memberships", filter=Q(memberships__state=MembershipState.ACTIVE))
        )
        .select_related("territory")
        .order_by("name", "pk")
    )


def groups_of(viewer: Viewer) -> QuerySet[Group]:
    """The viewer's own groups (secret ones included: they are a member)."""
    if not rules.is_logged_in(viewer):
        return Group.objects.none()
    return Group.objects.filter(
        memberships__person_id=getattr(viewer, "pk", None),
        memberships__state=MembershipState.ACTIVE,
    ).order_by("name", "pk")


def active_members(group: Group) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group, state=MembershipState.ACTIVE)
        .select_related("person")
        .order_by("joined_at", "pk")
    )


def active_member_count(group: Group) -> int:
    return group.memberships.filter(state=MembershipState.ACTIVE).count()


def pending_requests(group: Group) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group, state=MembershipState.REQUESTED)
        .select_related("person")
        .annotate(
            sponsor_count=Count(
                "sponsorships", filter=~Q(sponsorships__state=SponsorshipState.REVOKED)
            )
        )
        .order_by("requested_at", "pk")
    )


def access_membership(group: Group, membership_id: int) -> Membership:
    membership = (
        Membership.objects.filter(pk=membership_id, group=group).select_related("person").first()
    )
    if membership is None:
        raise Http404
    return membership


def current_charter(group: Group) -> Charter | None:
    return Charter.objects.filter(group=group, version=group.charter_version).first()


def must_accept_charter(viewer: Viewer, group: Group) -> bool:
    """An active member who has not accepted the version in force: asked at the next visit."""
    membership = rules.membership_of(viewer, group)
    return (
        membership is not None
        and membership.state == MembershipState.ACTIVE
        and membership.charter_version != group.charter_version
    )


def sponsorships_of_request(membership: Membership) -> QuerySet[Sponsorship]:
    return membership.sponsorships.exclude(state=SponsorshipState.REVOKED)


def sponsor_ids_of(membership: Membership) -> list[int]:
    """The sponsors of a request, its revoked sponsorships left out."""
    return [
        sponsor_id
        for sponsor_id in sponsorships_of_request(membership).values_list("sponsor_id", flat=True)
        if sponsor_id is not None
    ]


def sponsored_by(sponsor: User, group: Group) -> QuerySet[Sponsorship]:
    """Whom a sponsor vouched for in the group, with their state (the sponsor's own page)."""
    return (
        Sponsorship.objects.filter(group=group, sponsor=sponsor)
        .select_related("candidate", "membership")
        .order_by("-created_at", "-pk")
    )


# --- Connections


def connection_ids_of(person_id: int) -> QuerySet[Connection]:
    return Connection.objects.filter(
        Q(first_id=person_id) | Q(second_id=person_id), status=ConnectionStatus.ACCEPTED
    )


def connected_people(person: User) -> QuerySet[User]:
    """The person's accepted connections, as people (for the person themselves only)."""
    accepted = Q(status=ConnectionStatus.ACCEPTED)
    firsts = Connection.objects.filter(accepted, second_id=person.pk).values("first_id")
    seconds = Connection.objects.filter(accepted, first_id=person.pk).values("second_id")
    return User.objects.filter(Q(pk__in=firsts) | Q(pk__in=seconds), is_active=True).order_by(
        "first_name", "pk"
    )


def _connected_ids(person_id: int) -> "QuerySet[User, Any]":
    accepted = Q(status=ConnectionStatus.ACCEPTED)
    firsts = Connection.objects.filter(accepted, second_id=person_id).values("first_id")
    seconds = Connection.objects.filter(accepted, first_id=person_id).values("second_id")
    return User.objects.filter(Q(pk__in=firsts) | Q(pk__in=seconds)).values("pk")


def requests_asked_of(person: User) -> QuerySet[Connection]:
    """Requests waiting for the person's answer, with the asker."""
    return (
        Connection.objects.filter(
            Q(first_id=person.pk) | Q(second_id=person.pk), status=ConnectionStatus.PENDING
        )
        .exclude(asked_by=person)
        .select_related("asked_by")
        .order_by("-asked_at", "-pk")
    )


def requests_asked_by(person: User) -> QuerySet[Connection]:
    return Connection.objects.filter(asked_by=person, status=ConnectionStatus.PENDING).order_by(
        "-asked_at", "-pk"
    )


def accepted_connections(person: User) -> QuerySet[Connection]:
    """The person's connections, each with both people loaded (show `other`)."""
    return (
        connection_ids_of(person.pk)
        .select_related("first", "second")
        .order_by("-changed_at", "-pk")
    )


def shared_connections_count(viewer: Viewer, person: User) -> int:
    """How many connections the viewer and the person share: a number, never the list."""
    if not rules.is_logged_in(viewer) or getattr(viewer, "pk", None) == person.pk:
        return 0
    viewer_id = int(getattr(viewer, "pk", 0))
    return (
        User.objects.filter(pk__in=_connected_ids(viewer_id))
        .filter(pk__in=_connected_ids(person.pk))
        .count()
    )


def recommended_by_count(viewer: Viewer, membership: Membership) -> int:
    """How many of the viewer's connections vouched for this request: a number, no names."""
    if not rules.is_logged_in(viewer):
        return 0
    viewer_id = int(getattr(viewer, "pk", 0))
    return (
        sponsorships_of_request(membership)
        .filter(sponsor__in=_connected_ids(viewer_id))
        .exclude(sponsor_id=viewer_id)
        .count()
    )


def valid_invitation(token: str) -> ConnectionInvitation | None:
    return (
        ConnectionInvitation.objects.filter(
            token=token, expires_at__gt=timezone.now(), revoked_at__isnull=True
        )
        .select_related("inviter")
        .first()
    )


def current_invitation(person: User) -> ConnectionInvitation | None:
    return (
        ConnectionInvitation.objects.filter(
            inviter=person, expires_at__gt=timezone.now(), revoked_at__isnull=True
        )
        .order_by("-expires_at")
        .first()
    )


# --- The sponsorship chain


@dataclass
class ChainLink:
    """One member of a chain and who brought them in (empty: a founder)."""

    person: User
    depth: int
    sponsors: list[User] = field(default_factory=list)
    removed_sponsees: int = 0


def sponsorship_chain(group: Group, membership: Membership) -> list[ChainLink]:
    """The member, their sponsors, their sponsors' sponsors… up to the founders (who joined
    with no sponsor): each person once, breadth first. For the group's admins only."""
    links: list[ChainLink] = []
    seen: set[int] = set()
    level = [membership.person_id]
    depth = 0
    while level and depth < CHAIN_MAX_DEPTH:
        origins = rules.brought_in_by(group, level)
        people = User.objects.in_bulk([*level, *{s for ids in origins.values() for s in ids}])
        member_rows = {
            m.person_id: m
            for m in Membership.objects.filter(group=group, person_id__in=level)
            .select_related("group")
            .order_by("pk")
        }
        next_level: list[int] = []
        for person_id in level:
            seen.add(person_id)
            row = member_rows.get(person_id)
            link = ChainLink(
                person=people[person_id],
                depth=depth,
                sponsors=[people[s] for s in sorted(origins[person_id])],
                removed_sponsees=rules.removed_sponsees(row) if row else 0,
            )
            links.append(link)
            next_level += [s for s in sorted(origins[person_id]) if s not in seen]
        level = list(dict.fromkeys(s for s in next_level if s not in seen))
        depth += 1
    return links
