"""Work for later: a task enqueued to run at a given time (a reminder, an offer's expiry)."""

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


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
