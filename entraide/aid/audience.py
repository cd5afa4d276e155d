"""Who a request reaches (ADR 0031): sets of ids read from `community.Connection`, hop by hop,
with plain indexed queries. Nothing here writes; `reach.fan_out` writes what these compute.

Connection holds one row per pair (first < second), so a person's connections are the
`second` of the rows where they are `first` and the `first` of those where they are
`second`: two queries per hop, each an `IN` list on one of community's indexes
(`connection_first` on (first, status), `connection_second` on (second, status)). Those
indexes end before the other side's id, so each row found is read from the table too; a
covering index (first, status, second) and (second, status, first) would let PostgreSQL answer
from the index alone (see the ADR: proposed to community, not added here)."""

from collections.abc import Iterable

from django.db.models import Q

from entraide.aid.enums import AidAudience
from entraide.aid.models import AidRequest
from entraide.community.enums import ConnectionStatus, MembershipState
from entraide.community.models import Connection, Membership, PersonBlock

# Ids per IN list: far below SQLite's 32,766 variables, and short enough for PostgreSQL to
# plan as an index scan per value.
IN_LIST = 2000


def in_chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), IN_LIST):
        yield ids[start : start + IN_LIST]


def connections_of(person_ids: Iterable[int]) -> set[int]:
    """The accepted connections of any of these people (they themselves may be among them,
    as connections of one another)."""
    ids = sorted(set(person_ids))
    found: set[int] = set()
    accepted = Connection.objects.filter(status=ConnectionStatus.ACCEPTED)
    for chunk in in_chunks(ids):
        # connection_first: (first, status) → second
        found.update(accepted.filter(first_id__any_of=chunk).values_list("second_id", flat=True))
        # connection_second: (second, status) → first
        found.update(accepted.filter(second_id__any_of=chunk).values_list("first_id", flat=True))
    return found


def blocked_with(person_id: int) -> set[int]:
    """Those who block this person or whom this person blocks: one query, both directions
    (one_person_block's unique index serves the first side, a scan of a small table the
    other)."""
    rows = PersonBlock.objects.filter(Q(blocker_id=person_id) | Q(blocked_id=person_id))
    return {
        blocked if blocker == person_id else blocker
        for blocker, blocked in rows.values_list("blocker_id", "blocked_id")
    }


def group_members(group_ids: Iterable[int]) -> set[int]:
    """The active members of these groups (group_membership_state: (group, state, …))."""
    ids = list(group_ids)
    if not ids:
        return set()
    return set(
        Membership.objects.filter(group_id__any_of=ids, state=MembershipState.ACTIVE).values_list(
            "person_id", flat=True
        )
    )


def audience_of(request: AidRequest) -> dict[int, int]:
    """Person id → hop for a request as posted: hop 1 the members of its groups and, unless
    the audience is groups only, the author's connections; hop 2, for friends of friends, the
    connections of the author's connections (not of the groups' members: a group of thousands
    would otherwise bring in their whole networks). The author and anyone blocked with the
    author either way are left out. Five queries at most (one for the groups' ids)."""
    author_id = request.author_id
    hops: dict[int, int] = {}
    first: set[int] = set()
    if request.audience in (AidAudience.CONNECTIONS, AidAudience.FRIENDS_OF_FRIENDS):
        first = connections_of([author_id])
    group_ids = list(request.groups.values_list("pk", flat=True)) if request.pk else []
    for person_id in group_members(group_ids) | first:
        hops[person_id] = 1
    if request.audience == AidAudience.FRIENDS_OF_FRIENDS and first:
        for person_id in connections_of(first):
            hops.setdefault(person_id, 2)
    return _without_author_and_blocked(hops, author_id)


def relay_audience(request: AidRequest, relayer_id: int, relayer_hops: int) -> dict[int, int]:
    """Person id → hop for a relay: the relayer's connections, one hop further than the
    relayer, the author and those blocked with the author left out."""
    hops = {person_id: relayer_hops + 1 for person_id in connections_of([relayer_id])}
    return _without_author_and_blocked(hops, request.author_id)


def _without_author_and_blocked(hops: dict[int, int], author_id: int) -> dict[int, int]:
    hops.pop(author_id, None)
    for person_id in blocked_with(author_id):
        hops.pop(person_id, None)
    return hops
