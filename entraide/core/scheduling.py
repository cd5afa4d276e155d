"""Work for later: a task enqueued to run at a given time (a reminder, an offer's expiry)."""

import logging
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def queues_in_this_database(task: Any) -> bool:
    """Whether the task's queue is a table of the database the change is written to."""
    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and (router.db_for_write(DBTaskResult) or DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS
    )


def enqueue_with_change(task: Any, **kwargs: Any) -> None:
    """Queue `task` so that it exists if and only if the current transaction commits. With the
    database queue its row is written in that transaction: a process killed just after the
    commit cannot lose it (ADR 0021). Other backends (the tests' immediate one) enqueue once
    the transaction commits."""
    if queues_in_this_database(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def enqueue_at(task: Any, when: datetime, **kwargs: Any) -> None:
    """Run `task` at `when` (at once when that is past), after the current transaction commits.
    Backends that cannot defer (the immediate one of the tests) leave future work out: the
    tests call such tasks directly, at the time they choose."""

    def enqueue() -> None:
        if when <= timezone.now():
            task.enqueue(**kwargs)
        elif task.get_backend().supports_defer:
            task.using(run_after=when).enqueue(**kwargs)
        else:
            logger.info("Backend cannot defer %s to %s; not scheduled", task.name, when)

    transaction.on_commit(enqueue)
