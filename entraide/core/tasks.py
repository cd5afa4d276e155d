"""The core's tasks: sending one e-mail of the outbox, the outbox's sweep and the daily digest.
Each is a thin entry in the queue for the module that owns its work (core/outbox.py,
core/digest.py): a queued run stores the task's dotted path, so a task keeps its name and
module here while its work moves freely."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from entraide.core import outbox
from entraide.core.digest import next_digest_time, send_pending_digests
from entraide.core.scheduling import enqueue_at


@task()
def send_email(*, email_id: int) -> bool:
    """Send one e-mail of the outbox (core/outbox.py), if it is still to send. No Reply-To is
    ever set: replies to a notification must go through the site, never to another person's
    address."""
    return outbox.send(email_id)


outbox.use_send_task(send_email)


# The sweep comes back this often; the soak test shortens it to see recovery within its run.
def sweep_interval() -> timedelta:
    return timedelta(seconds=settings.TASKS_SWEEP_SECONDS)


@task()
def sweep_outbox() -> dict[str, int]:
    """Every minute: what a dead worker held goes back to the queue (core/outbox.py). The next
    run is queued first, so that a worker killed during this one does not end the chain."""
    if not next_run_scheduled(sweep_outbox):
        enqueue_at(sweep_outbox, timezone.now() + sweep_interval())
    swept = outbox.sweep()
    return {
        "tasks_restarted": swept.tasks_restarted,
        "emails_handed_over": swept.emails_handed_over,
        "sent_deleted": swept.sent_deleted,
    }


@task()
def send_digests() -> int:
    """Send each person with pending "digest" notifications one e-mail listing them, then
    come back tomorrow at DIGEST_HOUR (Paris time) when the backend can defer work: started
    once (`manage.py send_digests`, or `make run`), the worker keeps the chain going. The
    digest itself is core/digest.py's; this is its entry in the queue."""
    # The next run first: a worker killed during this one leaves tomorrow's in the queue.
    if not next_run_scheduled(send_digests):
        enqueue_at(send_digests, next_digest_time(timezone.now()))
    return send_pending_digests()


def next_run_scheduled(chain: Any) -> bool:
    """Whether a later run of a task that queues its own next run already waits in the
    database queue, so that restarting the site (which starts the chains) never runs two
    chains side by side."""
    backend = chain.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=chain.module_path,
        status=TaskResultStatus.READY,
        run_after__gt=timezone.now(),
    ).exists()
