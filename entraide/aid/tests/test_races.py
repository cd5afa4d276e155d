"""Requests for help under requests fired at once, on SQLite and PostgreSQL: passing a request
on twice, answering and resolving at the same moment. The rows' locks leave what one request
leaves, the other refused with its message."""

import pytest

from entraide.aid import services
from entraide.aid.enums import AidAudience, AidStatus
from entraide.aid.models import AidRelay
from entraide.aid.tests.factories import befriend, post_request, run_tasks
from entraide.community.tests.races import at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def asked(alice, bob, dan):
    befriend(alice, bob)
    befriend(bob, dan)
    return post_request(alice, audience=AidAudience.CONNECTIONS)


def test_passing_a_request_on_twice_at_once_relays_it_once(asked, bob, dan):
    results = at_once([lambda: services.relay_aid_request(bob, asked) for _ in range(4)])

    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") == 1
    assert AidRelay.objects.filter(request=asked, relayer=bob).count() == 1
    asked.refresh_from_db()
    assert asked.relay_count == 1


def test_resolving_twice_at_once_resolves_once(asked, alice):
    with run_tasks():
        results = at_once(
            [
                lambda: services.resolve_aid_request(alice, asked, thanked_helper_ids=[], thanks="")
                for _ in range(3)
            ]
        )

    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") == 1
    asked.refresh_from_db()
    assert asked.status == AidStatus.RESOLVED


def test_withdrawing_while_someone_relays_leaves_a_withdrawn_request(asked, alice, bob):
    results = at_once(
        [
            lambda: services.withdraw_aid_request(alice, asked),
            lambda: services.relay_aid_request(bob, asked),
        ]
    )

    assert [r for r in results if r.startswith("error")] == []
    # Either the relay came first, or it is refused with the reason.
    assert results[1] in ("ok", "refused: Cette demande a été retirée : elle ne circule plus.")
    asked.refresh_from_db()
    assert asked.status == AidStatus.WITHDRAWN
