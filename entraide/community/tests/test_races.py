"""Requests fired at once, on SQLite and PostgreSQL: a double click, two tabs, a replayed
POST arriving with the first. Each must leave what one request leaves, the other refused
with its message."""

import pytest

from entraide.community import services
from entraide.community.enums import Admission, MembershipState, SponsorshipState
from entraide.community.models import Connection, Membership, Sponsorship
from entraide.community.tests.factories import join, make_group
from entraide.community.tests.races import at_once

pytestmark = pytest.mark.django_db(transaction=True)
SENTENCE = "Je la connais depuis l’école, elle tient parole."


def test_asking_to_join_twice_at_once_makes_one_request(alice, bob):
    group = make_group(alice, name="Jardiniers", admission=Admission.APPROVAL)

    results = at_once([lambda: join(bob, group) for _ in range(4)])

    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") >= 1
    assert Membership.objects.filter(group=group, person=bob).count() == 1
    assert Membership.objects.get(group=group, person=bob).state == MembershipState.REQUESTED


def test_sponsoring_twice_at_once_records_one_sponsorship(alice, bob):
    group = make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)
    membership = join(bob, group)

    results = at_once(
        [lambda: services.sponsor_candidate(alice, membership, sentence=SENTENCE)] * 4
    )

    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") == 1
    assert list(Sponsorship.objects.filter(candidate=bob).values_list("state", flat=True)) == [
        SponsorshipState.ACTIVE
    ]
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE


def test_accepting_while_asking_back_at_once_makes_one_connection(alice, bob):
    group = make_group(alice, name="Voisins")  # open: a reason to see each other's page
    join(bob, group)
    asked = services.ask_connection(alice, bob)

    results = at_once(
        [
            lambda: services.accept_connection(bob, asked),
            lambda: services.ask_connection(bob, alice),
        ]
    )

    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") >= 1
    assert list(Connection.objects.values_list("pk", "status")) == [(asked.pk, "accepted")]
