"""Service calls fired at once from several processes (and threads within them), each with its
own database connection, as several server processes would make them.

The processes are spawned, not forked: a forked child would share the parent's open database
connection. Each child configures Django from the environment, pointed at the test database
through DATABASE_URL, so it runs the same settings code as a production server.

Not collected by pytest (its name does not start with test_); used by test_capacity_*.py.
"""

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import connection

# One job: ("join", user_id, slot_id, companions), ("cancel", user_id, participation_id, reason)
# or ("claim", user_id, participation_id, patience_seconds).
Job = tuple[str, int, int, Any]


@dataclass(frozen=True)
class Outcome:
    job: Job
    result: str  # "ok:<status>", "refused:<message>" or "error:<exception>"
    seconds: float


def database_url() -> str:
    """The URL of the database the tests use right now (pytest-django's test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}{port}/{settings['NAME']}"


def child_environment(url: str) -> dict[str, str]:
    """What a server process of the tests runs with: the test database, tasks run at once,
    e-mail kept in memory, the same secret key as the tests (sessions made here stay valid)."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DATABASE_URL": url,
        "ENTRAIDE_TESTING": "1",
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _run_job(job: Job) -> Outcome:
    from django.db import close_old_connections

    from entraide.accounts.models import User
    from entraide.actions import services
    from entraide.actions.models import Participation, Slot
    from entraide.core.exceptions import ActionRefused

    started = time.monotonic()
    kind, user_id, target_id, extra = job
    try:
        actor = User.objects.get(pk=user_id)
        if kind == "join":
            slot = Slot.objects.get(pk=target_id)
            result = services.join_slot(actor, slot, companions=extra).status
        elif kind == "cancel":
            participation = Participation.objects.select_related("slot").get(pk=target_id)
            result = services.cancel_participation(actor, participation, reason=extra).status
        elif kind == "claim":
            result = _claim_when_offered(actor, target_id, patience=float(extra))
        else:
            raise ValueError(f"unknown job {kind}")
        outcome = f"ok:{result}"
    except ActionRefused as refusal:
        outcome = f"refused:{refusal.message}"
    except Exception as error:  # noqa: BLE001 - every unexpected error is the test's finding
        outcome = f"error:{type(error).__name__}: {error}"
    finally:
        close_old_connections()
    return Outcome(job, outcome, time.monotonic() - started)


def _claim_when_offered(actor: Any, participation_id: int, *, patience: float) -> str:
    """A waiting person who keeps pressing "confirm the place" until it is offered (or their
    patience ends): the claim races the cancellations that free the place."""
    from entraide.actions import services
    from entraide.actions.enums import ACTIVE_STATUSES, ParticipationStatus
    from entraide.actions.models import Participation
    from entraide.core.exceptions import ActionRefused

    deadline = time.monotonic() + patience
    while True:
        participation = Participation.objects.select_related("slot").get(pk=participation_id)
        if participation.status not in ACTIVE_STATUSES:
            return str(participation.status)
        try:
            return str(services.claim_offer(actor, participation).status)
        except ActionRefused:
            if time.monotonic() > deadline:
                return str(ParticipationStatus.WAITLISTED)
            time.sleep(0.01)


def run_jobs_in_threads(jobs: Sequence[Job], *, threads: int, timeout: float) -> list[Outcome]:
    """Every job in its own turn of a pool of `threads` threads (each thread one connection),
    all released together by a barrier. Each thread closes its connection when done."""
    barrier = threading.Barrier(min(threads, len(jobs)), timeout=timeout)
    chunks = [list(jobs[i::threads]) for i in range(threads) if jobs[i::threads]]
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def work(chunk: list[Job]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            done = [_run_job(job) for job in chunk]
        finally:
            connection.close()
        with lock:
            outcomes.extend(done)

    with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
        futures = [pool.submit(work, chunk) for chunk in chunks]
        for future in futures:
            future.result(timeout=timeout)
    return outcomes


def _process_main(
    env: dict[str, str], jobs: list[Job], threads: int, barrier: Any, results: Any
) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType

    from entraide.actions.models import Action

    ContentType.objects.get_for_model(Action)  # warm the cache the audit log reads
    connection.close()
    # A barrier across every process: released once all of them are ready to fire.
    barrier.wait()
    outcomes = run_jobs_in_threads(jobs, threads=threads, timeout=60)
    results.put(outcomes)


def run_jobs_in_processes(
    jobs: Sequence[Job], *, processes: int = 4, threads: int = 8, timeout: float = 60
) -> list[Outcome]:
    """Spread the jobs over `processes` spawned processes of `threads` threads each, all
    started together; returns every job's outcome (the parent's connection is left alone)."""
    env = child_environment(database_url())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes, timeout=timeout)
    results = context.Queue()
    workers = [
        context.Process(
            target=_process_main,
            args=(env, list(jobs[i::processes]), threads, barrier, results),
            daemon=True,
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes: list[Outcome] = []
    try:
        deadline = time.monotonic() + timeout
        for _ in workers:
            outcomes.extend(results.get(timeout=max(deadline - time.monotonic(), 1)))
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
                worker.join()
    return outcomes
