"""Who a request reaches, hop by hop: alice → bob (hop 1) → dan (hop 2) → carol (hop 3 once
dan relays), never beyond three hops, never the author nor anyone blocked with her."""

import pytest

from entraide.aid import audience, reach
from entraide.aid.enums import AidAudience
from entraide.aid.models import AidReach, AidRequest
from entraide.aid.tests.factories import befriend, block, post_request, relay
from entraide.community.enums import ConnectionStatus
from entraide.community.tests.factories import join, make_group, make_person

pytestmark = pytest.mark.django_db


def hops_of(request: AidRequest) -> dict[int, int]:
    return dict(AidReach.objects.filter(request=request).values_list("person_id", "hops"))


@pytest.fixture
def chain(alice, bob, dan, carol):
    """alice – bob – dan – carol, each a connection of the next only."""
    befriend(alice, bob)
    befriend(bob, dan)
    befriend(dan, carol)


def test_connections_of_reads_both_sides_of_each_pair_accepted_only(alice, bob, carol, dan):
    befriend(alice, bob)  # alice is `first`
    befriend(carol, alice)  # alice is `second`
    befriend(alice, dan, status=ConnectionStatus.PENDING)

    assert audience.connections_of([alice.pk]) == {bob.pk, carol.pk}
    assert audience.connections_of([bob.pk, carol.pk]) == {alice.pk}


def test_a_request_to_connections_reaches_them_at_hop_one_only(chain, alice, bob):
    request = post_request(alice, audience=AidAudience.CONNECTIONS)

    assert hops_of(request) == {bob.pk: 1}


def test_friends_of_friends_reach_the_connections_of_connections_at_hop_two(chain, alice, bob, dan):
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    assert hops_of(request) == {bob.pk: 1, dan.pk: 2}
    request.refresh_from_db()
    assert (request.people_reached, request.furthest_hop, request.relay_count) == (2, 2, 0)


def test_a_relay_by_dan_reaches_carol_one_hop_further(chain, alice, bob, dan, carol):
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    relay(dan, request)

    assert hops_of(request) == {bob.pk: 1, dan.pk: 2, carol.pk: 3}
    request.refresh_from_db()
    assert (request.people_reached, request.furthest_hop, request.relay_count) == (3, 3, 1)


def test_the_author_is_never_in_her_own_reach(chain, alice, bob, dan):
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    relay(bob, request)  # bob's connections include alice herself

    assert alice.pk not in hops_of(request)


def test_people_blocked_with_the_author_either_way_are_never_reached(chain, alice, bob, dan):
    other = make_person("Eve")
    befriend(alice, other)
    block(alice, dan)
    block(other, alice)

    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    assert hops_of(request) == {bob.pk: 1}


def test_group_members_are_reached_at_hop_one_without_their_networks(alice, bob, carol, dan):
    group = make_group(alice)
    join(bob, group)
    befriend(bob, carol)  # bob's connection is not brought in by the group

    request = post_request(alice, audience=AidAudience.GROUPS, groups=[group])

    assert hops_of(request) == {bob.pk: 1}


def test_someone_reached_twice_keeps_the_smallest_hop(chain, alice, bob, dan, carol):
    befriend(alice, carol)  # carol is also alice's own connection
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    relay(dan, request)

    assert hops_of(request)[carol.pk] == 1


def test_a_closer_path_found_later_lowers_the_hop(chain, alice, bob, dan, carol):
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)
    relay(dan, request)  # carol at hop 3
    befriend(bob, carol)

    relay(bob, request)  # bob (hop 1) reaches carol at hop 2

    assert hops_of(request)[carol.pk] == 2


def test_fan_out_run_again_writes_and_tells_nobody_twice(chain, alice, bob, dan):
    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    assert reach.fan_out(request) == 0
    assert hops_of(request) == {bob.pk: 1, dan.pk: 2}


def test_the_people_newly_reached_are_told_of_the_request(chain, alice, bob, dan):
    from entraide.core.models import Notification

    request = post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)

    told = Notification.objects.filter(kind="aid.request_reached", url=request.get_absolute_url())
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([bob.pk, dan.pk])
