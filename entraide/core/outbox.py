"""The outbox: every e-mail is a row before it is a message, and is sent once (docs/decisions/0021).

A worker can die at any moment (a SIGKILL, the machine restarting). Three things keep mail
neither lost nor doubled when it does:

- `queue` writes the e-mail in the transaction of the change it tells about: both are kept, or
  neither. Its key (one per e-mail, the same when the same task runs again) refuses a second
  row, and gives the Message-ID, so a resent e-mail is recognisably the same.
- `send` claims the row with a lease before talking to the mail server and records it sent as
  soon as the server accepted it: a failure after that (at QUIT) does not send it again.
- `sweep`, run every minute by a task, hands out again what a dead worker held: rows whose
  lease ran out, rows nobody picked up, and tasks left "running" by a worker that is gone (the
  database backend never runs those again by itself). Every task of the project may therefore
  run twice, and is written so that the second run changes nothing: the notifications it
  writes carry a key made from the task's own id (`task_key`).

The one case left: a worker killed between the server's acceptance and the row's update (a
few milliseconds) sends that e-mail again when its lease runs out, with the same Message-ID.
"""

import email.policy
import hashlib
import logging
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from entraide.core.enums import OutgoingStatus
from entraide.core.models import OutgoingEmail
from entraide.core.scheduling import enqueue_with_change, queues_in_this_database

logger = logging.getLogger(__name__)

# A failed send is tried again later: 1, 4, 9, 16, 25 minutes, then given up.
MAX_SEND_ATTEMPTS = 6
# Long enough for the SMTP timeout (20 s) several times over; a dead worker's row comes back
# after it.
SEND_LEASE = timedelta(minutes=2)
# Sent rows are kept this long for the staff's questions ("did my mail leave?"), then deleted.
KEEP_SENT = timedelta(days=30)
SWEEP_BATCH = 500


def stalled_after() -> timedelta:
    """How long a task may stay "running", or an e-mail wait past its time, before the process
    that had it is taken for dead. Our tasks take seconds; a busy queue may hold an e-mail a
    minute or two. The soak test (bench/soak.py) shortens it to see recovery within its run."""
    return timedelta(seconds=settings.TASKS_STALLED_AFTER_SECONDS)


# --- Keys that are the same when the same task runs again


@dataclass
class _TaskRun:
    task_id: str
    used: Counter[str] = field(default_factory=Counter)


_current_tasks: ContextVar[tuple[_TaskRun, ...]] = ContextVar("entraide_current_tasks", default=())


def _task_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _current_tasks.set((*_current_tasks.get(), _TaskRun(str(task_result.id))))


def _task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    runs = _current_tasks.get()
    if runs and runs[-1].task_id == str(task_result.id):
        _current_tasks.set(runs[:-1])


task_started.connect(_task_started, dispatch_uid="entraide.core.outbox.started")
task_finished.connect(_task_finished, dispatch_uid="entraide.core.outbox.finished")


@contextmanager
def running_task(task_id: str) -> Iterator[None]:
    """What the task signals do, for tests that run a task's body twice as a worker would."""
    token = _current_tasks.set((*_current_tasks.get(), _TaskRun(task_id)))
    try:
        yield
    finally:
        _current_tasks.reset(token)


def task_key(*parts: object) -> str:
    """Inside a task: a key naming the n-th write of `parts` in this run of it, identical when
    the same task (same id) runs again after its worker died. Outside a task: empty."""
    runs = _current_tasks.get()
    if not runs:
        return ""
    run = runs[-1]
    name = ":".join(str(part) for part in parts)
    run.used[name] += 1
    return f"task:{run.task_id}:{name}:{run.used[name]}"


# --- Queueing


def queue(
    to: str,
    subject: str,
    body: str,
    *,
    attachments: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    key: str = "",
) -> OutgoingEmail | None:
    """Write one e-mail to send, in the current transaction, and hand it to a worker once that
    commits. None when an e-mail with this key exists already (a task run again)."""
    key = key or task_key("mail", to) or f"once:{uuid.uuid4().hex}"
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                key=key[:200],
                to=to,
                subject=subject[:255],
                body=body,
                attachments=attachments or [],
                headers=headers or {},
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None
    _hand_over(email.pk)
    return email


# --- The task that sends a row

# `core/tasks.py::send_email` sends a row with `send` below, and each row queued or retried here
# is handed to that task: the two modules form one circle. The task module hands its task over
# when it is loaded (CoreConfig.ready loads it in every process), so that neither imports the
# other inside a function.
_send_email_task: Any = None


def use_send_task(task: Any) -> None:
    global _send_email_task
    _send_email_task = task


def _send_task() -> Any:
    if _send_email_task is None:
        raise ImproperlyConfigured(
            "entraide.core.tasks is not loaded: entraide.core not installed?"
        )
    return _send_email_task


def _hand_over(email_id: int, *, when: Any = None) -> None:
    task = _send_task()
    if when is not None and task.get_backend().supports_defer:
        task = task.using(run_after=when)
    # With the database queue the task is written with the e-mail; otherwise it is queued on
    # commit, and a task lost in between is found by the sweep.
    enqueue_with_change(task, email_id=email_id)


# --- Sending


class PlatformEmail(EmailMessage):
    """An e-mail whose header lines may run to RFC 5322's 998 characters: the List-Unsubscribe
    URL is longer than 78 and has no space to fold at, and the standard policy would turn it
    into encoded words, which mail clients do not read as a link."""

    def message(self, *, policy: email.policy.Policy | None = email.policy.default) -> Any:
        return super().message(policy=(policy or email.policy.default).clone(max_line_length=998))


def message_id(email: OutgoingEmail) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "entraide.localhost"
    digest = hashlib.sha256(email.key.encode()).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def _claim(email_id: int) -> OutgoingEmail | None:
    """Take the row for this worker alone: due and free, or held by a worker whose lease ran out."""
    now = timezone.now()
    free = Q(status=OutgoingStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=OutgoingStatus.SENDING, lease_until__lt=now
    )
    claimed = (
        OutgoingEmail.objects.filter(free, pk=email_id).update(
            status=OutgoingStatus.SENDING, lease_until=now + SEND_LEASE, attempts=F("attempts") + 1
        )
        == 1
    )
    return OutgoingEmail.objects.get(pk=email_id) if claimed else None


def send(email_id: int) -> bool:
    """Send the e-mail if it is still to send; True when this call sent it. A failure puts it
    back in the queue for a later attempt (re-raised, so the task shows as failed)."""
    email = _claim(email_id)
    if email is None:
        return False
    message = PlatformEmail(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={**email.headers, "Message-ID": message_id(email)},
    )
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    connection = mail.mailers.default
    try:
        connection.open()
        connection.send_messages([message])
    except Exception:
        _close_quietly(connection)
        _retry_later(email)
        raise
    # Accepted by the server: recorded before anything else can fail.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingStatus.SENT, sent_at=timezone.now(), lease_until=None, body="",
        attachments=[],
    )  # fmt: skip
    _close_quietly(connection)
    return True


def _close_quietly(connection: Any) -> None:
    """An error at QUIT comes after the server took the message: not a reason to send again."""
    try:
        connection.close()
    except Exception:
        logger.warning("Closing the mail connection failed", exc_info=True)


def _retry_later(email: OutgoingEmail) -> None:
    if email.attempts >= MAX_SEND_ATTEMPTS:
        logger.error("Giving up e-mail %r after %d attempts", email.subject, email.attempts)
        OutgoingEmail.objects.filter(pk=email.pk).update(
            status=OutgoingStatus.FAILED, lease_until=None
        )
        return
    # A backend that cannot defer (the tests' immediate one) tries again at once.
    defers = _send_task().get_backend().supports_defer
    when = timezone.now() + (timedelta(minutes=email.attempts**2) if defers else timedelta(0))
    logger.warning("E-mail %r failed (attempt %d), queued again", email.subject, email.attempts)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingStatus.QUEUED, lease_until=None, next_attempt_at=when
    )
    _hand_over(email.pk, when=when if defers else None)


# --- The sweep


@dataclass(frozen=True)
class Swept:
    tasks_restarted: int
    emails_handed_over: int
    sent_deleted: int


def sweep() -> Swept:
    """Hand out again what dead workers held; forget e-mails sent long ago."""
    now = timezone.now()
    restarted = _restart_stalled_tasks(now)
    waiting = list(
        OutgoingEmail.objects.filter(
            Q(status=OutgoingStatus.QUEUED, next_attempt_at__lt=now - stalled_after())
            | Q(status=OutgoingStatus.SENDING, lease_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    # Handed out once per period: a queue that is only slow must not fill with copies.
    OutgoingEmail.objects.filter(pk__in=waiting, status=OutgoingStatus.QUEUED).update(
        next_attempt_at=now
    )
    for email_id in waiting:
        _hand_over(email_id)
    deleted, _ = OutgoingEmail.objects.filter(
        status=OutgoingStatus.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    return Swept(restarted, len(waiting), deleted)


def _restart_stalled_tasks(now: Any) -> int:
    """Tasks of the database queue left "running" by a worker that died: ready again."""
    if not queues_in_this_database(_send_task()):
        return 0
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stalled_after()
    ).update(status=TaskResultStatus.READY, started_at=None)
