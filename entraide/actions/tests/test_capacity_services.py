"""Capacity holds under concurrency, at the level of the services: sign-ups, cancellations and
claims fired at once from several processes (each with its own connections, as several server
processes would) and from many threads of one process, on SQLite and on PostgreSQL.

The same scenarios over HTTP against two real server processes are in test_capacity_http.py."""

from collections import Counter

import pytest
from django.db import connection

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
from entraide.actions.tests.concurrency_workers import (
    Job,
    Outcome,
    run_jobs_in_processes,
    run_jobs_in_threads,
)
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRMED = ParticipationStatus.CONFIRMED
WAITLISTED = ParticipationStatus.WAITLISTED


def errors(outcomes: list[Outcome]) -> list[Outcome]:
    return [outcome for outcome in outcomes if outcome.result.startswith("error:")]


def results(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(outcome.result for outcome in outcomes)


def test_two_hundred_sign_ups_from_two_processes_confirm_exactly_the_capacity(
    association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation, capacity=10))
    citizens = make_citizens(200)
    jobs: list[Job] = [("join", citizen.pk, slot.pk, 0) for citizen in citizens]

    outcomes = run_jobs_in_processes(jobs, processes=2, threads=16)

    assert errors(outcomes) == []
    assert results(outcomes) == {"ok:confirmed": 10, "ok:waitlisted": 190}
    assert statuses(slot) == {CONFIRMED: 10, WAITLISTED: 190}
    seats = check_seats(slot)
    assert (seats.seats_taken, seats.seats_held) == (10, 10)


def test_two_hundred_sign_ups_from_as_many_threads_confirm_exactly_the_capacity(
    association_admin, organisation
):
    # SQLite has no connection limit: 200 threads, 200 connections, one write lock to queue
    # for (IMMEDIATE transactions, 20 s timeout). PostgreSQL allows 100 connections here.
    threads = 200 if connection.vendor == "sqlite" else 40
    slot = first_slot(make_action(association_admin, organisation, capacity=10))
    citizens = make_citizens(200)

    outcomes = run_jobs_in_threads(
        [("join", citizen.pk, slot.pk, 0) for citizen in citizens], threads=threads
    )

    assert errors(outcomes) == []  # in particular no "database is locked"
    assert results(outcomes) == {"ok:confirmed": 10, "ok:waitlisted": 190}
    assert statuses(slot) == {CONFIRMED: 10, WAITLISTED: 190}
    assert check_seats(slot).seats_taken == 10


def test_cancellations_racing_offers_and_claims_give_each_freed_seat_once(
    association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation, capacity=10))
    citizens = make_citizens(55)
    for citizen in citizens[:50]:
        services.join_slot(citizen, slot)
    rows = queue(slot)
    seated, waiting = rows[:10], rows[10:]
    latecomers = citizens[50:]
    # All at once: the ten seated cancel, the first fourteen waiting watch for an offer and
    # claim it, two of them also cancel (before or after their offer), five newcomers join.
    jobs: list[Job] = [
        *[("cancel", p.person_id, p.pk, "illness") for p in seated],
        *[("claim", p.person_id, p.pk, None) for p in waiting[:14]],
        *[("cancel", p.person_id, p.pk, "transport") for p in (waiting[2], waiting[6])],
        *[("join", citizen.pk, slot.pk, 0) for citizen in latecomers],
    ]

    outcomes = run_jobs_in_processes(jobs, processes=2, threads=16)

    assert [o for o in outcomes if not o.result.startswith("ok:")] == []  # no error, no refusal
    seats = check_seats(slot)
    assert seats.seats_taken == seats.seats_held == 10
    offers = offered_ids(slot)
    assert len(offers) == len(set(offers))  # nobody offered twice
    assert len(offers) == freed_seats(slot, [p.pk for p in seated])  # each freed seat once
    assert offers_out_of_order(slot, [p.pk for p in seated]) == []
    # Newcomers never jump the queue while people wait.
    joined = [o for o in outcomes if o.job[0] == "join"]
    assert sorted(o.result for o in joined) == ["ok:waitlisted"] * 5
    # Every claimer whose place was offered and who did not cancel now holds it.
    offered_claimers = {p.pk for p in waiting[:14]} & set(offers) - {waiting[2].pk, waiting[6].pk}
    assert {p.pk: p.status for p in queue(slot) if p.pk in offered_claimers} == dict.fromkeys(
        offered_claimers, CONFIRMED
    )


def test_companions_are_counted_against_the_capacity_under_concurrency(
    association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation, capacity=10, max_companions=2))
    citizens = make_citizens(100)

    outcomes = run_jobs_in_processes(
        [("join", citizen.pk, slot.pk, 1) for citizen in citizens], processes=2, threads=16
    )

    assert errors(outcomes) == []
    assert results(outcomes) == {"ok:confirmed": 5, "ok:waitlisted": 95}
    assert statuses(slot) == {CONFIRMED: 5, WAITLISTED: 95}
    seats = check_seats(slot)
    assert (seats.seats_taken, seats.seats_held) == (10, 10)
