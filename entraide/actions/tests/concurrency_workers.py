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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

# One job: ("join", user_id, slot_id, companions), ("cancel", user_id, participation_id, reason)
# or ("claim", user_id, participation_id, None): claim the place as soon as it is offered.
Job = tuple[str, int, int, Any]
# A claimer watches until every other job of the race is done: then the offers are final.
RaceOver = Callable[[], bool]


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


def wait_for_offer(participation_id: int, race_over: RaceOver, *, timeout: float = 60) -> bool:
    """Watch one's place on the waiting list like a person refreshing the page: True once a
    place is offered; False once the participation stops waiting, or once the race is over
    and no place came."""
    from entraide.actions.enums import ParticipationStatus
    from entraide.actions.models import Participation

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        over = race_over()  # read before the status: an offer made before the end is seen
        status = Participation.objects.get(pk=participation_id).status
        if status == ParticipationStatus.OFFERED:
            return True
        if status != ParticipationStatus.WAITLISTED or over:
            return False
        time.sleep(0.02)
    return False


def _claim_when_offered(actor: Any, participation_id: int, race_over: RaceOver) -> str:
    """Claim the place the moment it is offered: the claim races the cancellations that free
    places and the other claims."""
    from entraide.actions import services
    from entraide.actions.models import Participation
    from entraide.core.exceptions import ActionRefused

    while wait_for_offer(participation_id, race_over):
        participation = Participation.objects.select_related("slot").get(pk=participation_id)
        try:
            return str(services.claim_offer(actor, participation).status)
        except ActionRefused:
            continue  # cancelled meanwhile: look again
    return str(Participation.objects.get(pk=participation_id).status)


def _run_job(job: Job, race_over: RaceOver) -> Outcome:
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
            result = _claim_when_offered(actor, target_id, race_over)
        else:
            raise ValueError(f"unknown job {kind}")
        outcome = f"ok:{result}"
    except ActionRefused as refusal:
        outcome = f"refused:{refusal.message}"
    except Exception as error:  # every unexpected error is the finding
        outcome = f"error:{type(error).__name__}: {error}"
    return Outcome(job, outcome, time.monotonic() - started)


def run_jobs_in_threads(
    jobs: Sequence[Job], *, threads: int, timeout: float = 60, others_left: Any = None
) -> list[Outcome]:
    """The jobs spread over `threads` threads (each thread its own connection, closed at the
    end), all released together by a barrier. `others_left` counts the jobs other than
    claims still running (shared between processes); a fresh count when None."""
    if others_left is None:
        others_left = multiprocessing.Value("i", sum(job[0] != "claim" for job in jobs))
    # In each thread the claims come last: a claim waits for the end of the race, which it
    # would otherwise hold up itself.
    chunks = [
        sorted(jobs[i::threads], key=lambda job: job[0] == "claim")
        for i in range(threads)
        if jobs[i::threads]
    ]
    barrier = threading.Barrier(len(chunks), timeout=timeout)
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def race_over() -> bool:
        return bool(others_left.value <= 0)

    def work(chunk: list[Job]) -> None:
        done = []
        try:
            connection.ensure_connection()
            barrier.wait()
            for job in chunk:
                done.append(_run_job(job, race_over))
                if job[0] != "claim":
                    with others_left.get_lock():
                        others_left.value -= 1
        finally:
            connection.close()
            with lock:
                outcomes.extend(done)

    workers = [threading.Thread(target=work, args=(chunk,), daemon=True) for chunk in chunks]
    for worker in workers:
        worker.start()
    deadline = time.monotonic() + timeout
    for worker in workers:
        worker.join(timeout=max(deadline - time.monotonic(), 0.1))
    if any(worker.is_alive() for worker in workers):
        raise TimeoutError("Some jobs were still running after the timeout")
    return outcomes


def _process_main(
    env: dict[str, str],
    jobs: list[Job],
    threads: int,
    barrier: Any,
    others_left: Any,
    results: Any,
) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType

    from entraide.actions.models import Action

    ContentType.objects.get_for_model(Action)  # warm the cache the audit log reads
    connection.close()
    barrier.wait()  # every process ready: fire
    results.put(run_jobs_in_threads(jobs, threads=threads, others_left=others_left))


def run_jobs_in_processes(
    jobs: Sequence[Job], *, processes: int = 4, threads: int = 8, timeout: float = 90
) -> list[Outcome]:
    """Spread the jobs over `processes` spawned processes of `threads` threads each, all
    started together; returns every job's outcome."""
    env = child_environment(database_url())
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes, timeout=timeout)
    others_left = context.Value("i", sum(job[0] != "claim" for job in jobs))
    results = context.Queue()
    workers = [
        context.Process(
            target=_process_main,
            args=(env, list(jobs[i::processes]), threads, barrier, others_left, results),
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
