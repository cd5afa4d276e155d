"""Reads of the network around a person (issue 14): where the viewer stands with someone, which
of their connections take part in an action. Counts and names only as the people allowed:
never the list of someone else's connections."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from entraide.accounts.models import User
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Action
from entraide.community import rules
from entraide.community.enums import LIVE_MEMBERSHIP_STATES, ConnectionStatus
from entraide.community.models import Connection, Group, GroupInvitation, Membership, PersonBlock

# The names shown on an action's page; beyond them, the page says how many more.
PARTICIPANTS_NAMED = 10

NONE = "none"
CONNECTED = "connected"
ASKED_BY_ME = "asked_by_me"
ASKED_OF_ME = "asked_of_me"
BLOCKED = "blocked"


def connected_ids(person_id: int) -> "QuerySet[User, Any]":
    """The ids of the person's accepted connections, as a subquery."""
    accepted = Q(status=ConnectionStatus.ACCEPTED)
    firsts = Connection.objects.filter(accepted, second_id=person_id).values("first_id")
    seconds = Connection.objects.filter(accepted, first_id=person_id).values("second_id")
    return User.objects.filter(Q(pk__in=firsts) | Q(pk__in=seconds)).values("pk")


@dataclass(frozen=True)
class Standing:
    """Where the viewer stands with a person: `state` is one of the constants above, and
    `connection` the row when there is one to answer or to end."""

    state: str
    connection: Connection | None = None


def _state_of(connection: Connection | None, viewer_id: int) -> str:
    if connection is None:
        return NONE
    if connection.status == ConnectionStatus.ACCEPTED:
        return CONNECTED
    if connection.status == ConnectionStatus.PENDING:
        return ASKED_BY_ME if connection.asked_by_id == viewer_id else ASKED_OF_ME
    return NONE


def standing_with(viewer: User, person: User) -> Standing:
    if PersonBlock.objects.filter(
        Q(blocker=viewer, blocked=person) | Q(blocker=person, blocked=viewer)
    ).exists():
        return Standing(BLOCKED)
    first, second = rules.pair(viewer.pk, person.pk)
    connection = Connection.objects.filter(first_id=first, second_id=second).first()
    return Standing(_state_of(connection, viewer.pk), connection)


def standings_with(viewer_id: int, person_ids: list[int]) -> dict[int, str]:
    """The viewer's state with each of these people, in one query (a list of members)."""
    rows = Connection.objects.filter(
        Q(first_id=viewer_id, second_id__in=person_ids)
        | Q(second_id=viewer_id, first_id__in=person_ids)
    )
    states = {person_id: NONE for person_id in person_ids}
    for connection in rows:
        states[connection.other(viewer_id)] = _state_of(connection, viewer_id)
    return states


def participating_connections(viewer: User, action: Action) -> tuple[list[User], int]:
    """The viewer's connections confirmed on one of the action's upcoming slots who chose to
    let their connections see it: the first few by name, and how many in all. One query, two
    when there are more than the names shown."""
    people = (
        User.objects.filter(
            pk__in=connected_ids(viewer.pk),
            is_active=True,
            shows_participations_to_connections=True,
            participations__slot__action=action,
            participations__slot__ends_at__gte=timezone.now(),
            participations__status=ParticipationStatus.CONFIRMED,
        )
        .distinct()
        .order_by("first_name", "pk")
    )
    named = list(people[: PARTICIPANTS_NAMED + 1])
    if len(named) <= PARTICIPANTS_NAMED:
        return named, len(named)
    return named[:PARTICIPANTS_NAMED], people.count()


# --- Invitations into a group ---------------------------------------------------------------


def pending_group_invitations(group: Group) -> QuerySet[GroupInvitation]:
    """The group's invitations still open (for its admins), newest first."""
    return (
        GroupInvitation.objects.filter(
            group=group,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("person", "invited_by")
        .order_by("-created_at", "-pk")
    )


def current_group_link(group: Group) -> GroupInvitation | None:
    return pending_group_invitations(group).filter(person__isnull=True).first()


def invitable_connections(actor: User, group: Group) -> QuerySet[User]:
    """The actor's connections not in the group (nor asking to be)."""
    live = Membership.objects.filter(group=group, state__in=LIVE_MEMBERSHIP_STATES).values(
        "person_id"
    )
    return (
        User.objects.filter(pk__in=connected_ids(actor.pk), is_active=True)
        .exclude(pk__in=live)
        .order_by("first_name", "pk")
    )


def access_group_invitation(viewer: User, token: str) -> GroupInvitation:
    """The invitation the viewer may follow: open, and theirs when it names a person. Anything
    else is a plain 404 that says nothing of the group (a secret one's name included)."""
    invitation = (
        GroupInvitation.objects.filter(
            token=token,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("group", "group__parent", "invited_by")
        .first()
    )
    if invitation is None or (
        invitation.person_id is not None and invitation.person_id != viewer.pk
    ):
        raise Http404
    return invitation
