"""Capacity holds under concurrency through the real site: two gunicorn servers of two
(threaded) worker processes each, on the test database, receive simultaneous "Je participe",
cancellations and claims from as many logged-in people. No error page, never more people than
places, each freed place offered once.

Runs on PostgreSQL and on SQLite (the default deployment: several processes sharing one file,
serialised by IMMEDIATE transactions)."""

import multiprocessing
from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse

from entraide.actions import services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.tests.concurrency_scenarios import (
    check_seats,
    freed_seats,
    make_citizens,
    offered_ids,
    offers_out_of_order,
    queue,
    statuses,
)
from entraide.actions.tests.concurrency_servers import (
    Request,
    Response,
    Server,
    fire_together,
    log_in,
    post,
    running_servers,
)
from entraide.actions.tests.concurrency_workers import wait_for_offer
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRMED = ParticipationStatus.CONFIRMED
WAITLISTED = ParticipationStatus.WAITLISTED


@pytest.fixture
def servers(tmp_path) -> Iterator[list[Server]]:
    """Two servers (four processes) on the test database, stopped after the test."""
    with running_servers(tmp_path, count=2, workers=2, threads=4) as started:
        yield started
        for server in started:
            log = server.log_text()
            assert "Traceback" not in log and "Internal Server Error" not in log, log


def join_path(slot_id: int) -> str:
    return reverse("actions:join", args=[slot_id])


def sent(responses: list[Response]) -> dict[int, int]:
    """How many responses of each status (0: no answer at all)."""
    counts: dict[int, int] = {}
    for response in responses:
        counts[response.status] = counts.get(response.status, 0) + 1
    return counts


def test_two_hundred_simultaneous_sign_ups_on_two_servers_confirm_exactly_ten(
    association_admin, organisation, servers
):
    action = make_action(association_admin, organisation, capacity=10)
    slot = first_slot(action)
    citizens = make_citizens(200)
    sessions = log_in(citizens)
    requests = [
        Request(servers[n % 2], join_path(slot.pk), sessions[citizen.pk], {})
        for n, citizen in enumerate(citizens)
    ]

    responses = fire_together([lambda r=r: post(r) for r in requests])

    assert sent(responses) == {302: 200}  # every one sent back to the action page
    assert {response.location for response in responses} == {action.get_absolute_url()}
    assert statuses(slot) == {CONFIRMED: 10, WAITLISTED: 190}
    seats = check_seats(slot)
    assert (seats.seats_taken, seats.seats_held) == (10, 10)


def test_cancellations_racing_offers_and_claims_over_http_give_each_freed_place_once(
    association_admin, organisation, servers
):
    action = make_action(association_admin, organisation, capacity=10)
    slot = first_slot(action)
    citizens = make_citizens(55)
    for citizen in citizens[:50]:
        services.join_slot(citizen, slot)
    rows = queue(slot)
    seated, waiting, latecomers = rows[:10], rows[10:], citizens[50:]
    sessions = log_in(citizens)
    cancel, claim = "actions:cancel_participation", "actions:claim_offer"
    others: list[Request] = [
        *[
            Request(servers[n % 2], reverse(cancel, args=[p.pk]), sessions[p.person_id],
                    {"reason": "illness"})
            for n, p in enumerate([*seated, waiting[2], waiting[6]])
        ],
        *[
            Request(servers[n % 2], join_path(slot.pk), sessions[citizen.pk], {})
            for n, citizen in enumerate(latecomers)
        ],
    ]  # fmt: skip
    others_left = multiprocessing.Value("i", len(others))

    def send(request: Request) -> Response:
        response = post(request)
        with others_left.get_lock():
            others_left.value -= 1
        return response

    def claim_when_offered(n: int, participation_id: int, person_id: int) -> list[Response]:
        """Claim through the site the moment the place is offered (as the offer e-mail's
        button does), while the cancellations are still coming in."""
        from django.db import connection

        request = Request(servers[n % 2], reverse(claim, args=[participation_id]),
                          sessions[person_id], {})  # fmt: skip
        claims = []
        try:
            while wait_for_offer(participation_id, lambda: others_left.value <= 0):
                claims.append(post(request))
        finally:
            connection.close()
        return claims

    jobs: list[Callable[[], object]] = [
        *[lambda r=r: send(r) for r in others],
        *[
            lambda n=n, p=p: claim_when_offered(n, p.pk, p.person_id)
            for n, p in enumerate(waiting[:14])
        ],
    ]

    results = fire_together(jobs)

    responses = [
        response
        for result in results
        for response in (result if isinstance(result, list) else [result])
    ]
    assert set(sent(responses)) == {302}
    seats = check_seats(slot)
    assert seats.seats_taken == seats.seats_held == 10
    offers = offered_ids(slot)
    assert len(offers) == len(set(offers))  # nobody offered twice
    assert len(offers) == freed_seats(slot, [p.pk for p in seated])  # each freed seat once
    assert offers_out_of_order(slot, [p.pk for p in seated]) == []
    latecomer_ids = {citizen.pk for citizen in latecomers}
    assert [p.status for p in queue(slot) if p.person_id in latecomer_ids] == [WAITLISTED] * 5
    offered_claimers = {p.pk for p in waiting[:14]} & set(offers) - {waiting[2].pk, waiting[6].pk}
    assert {p.pk: p.status for p in queue(slot) if p.pk in offered_claimers} == dict.fromkeys(
        offered_claimers, CONFIRMED
    )


def test_companions_count_against_the_capacity_over_http(association_admin, organisation, servers):
    action = make_action(association_admin, organisation, capacity=10, max_companions=2)
    slot = first_slot(action)
    citizens = make_citizens(100)
    sessions = log_in(citizens)
    requests = [
        Request(servers[n % 2], join_path(slot.pk), sessions[citizen.pk],
                {f"slot{slot.pk}-companions": "1"})
        for n, citizen in enumerate(citizens)
    ]  # fmt: skip

    responses = fire_together([lambda r=r: post(r) for r in requests])

    assert sent(responses) == {302: 100}
    assert statuses(slot) == {CONFIRMED: 5, WAITLISTED: 95}
    seats = check_seats(slot)
    assert (seats.seats_taken, seats.seats_held) == (10, 10)
