"""The outbox (docs/decisions/0021): an e-mail is written with the change it tells about, sent
once by the worker that claims it, tried again when the mail server fails, and handed out
again when the worker holding it died; a task run twice tells nobody twice."""

import smtplib
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from entraide.core import outbox, tasks
from entraide.core.enums import OutgoingStatus
from entraide.core.models import Notification, OutgoingEmail
from entraide.core.notifications import notify, queue_email

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def failing_smtp_connections(monkeypatch):
    """The network refuses the first `count` SMTP connections, then lets them through."""
    attempts: list[str] = []

    class FlakySMTP(smtplib.SMTP):
        def __init__(self, *args, **kwargs):
            attempts.append("connect")
            if len(attempts) <= count:
                raise ConnectionRefusedError("the network is down")
            super().__init__(*args, **kwargs)

    count = 0

    def arrange(failures: int) -> list[str]:
        nonlocal count
        count = failures
        monkeypatch.setattr(smtplib, "SMTP", FlakySMTP)
        return attempts

    return arrange


def queued(to: str = "camille@example.org", subject: str = "Essai", **extra) -> OutgoingEmail:
    """A row as `queue` writes it, without handing it to a worker."""
    return OutgoingEmail.objects.create(
        key=extra.pop("key", f"test:{to}:{subject}"), to=to, subject=subject, body="Bonjour",
        next_attempt_at=extra.pop("next_attempt_at", timezone.now()), **extra,
    )  # fmt: skip


# --- Sending once


def test_a_queued_email_is_sent_from_the_platform_address_with_a_message_id_of_its_key(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("camille@example.org", "Essai", "Bonjour", key="confirmation:1")

    [mail] = smtp_server.wait_for(1)
    email = OutgoingEmail.objects.get()
    assert django_settings.DEFAULT_FROM_EMAIL.endswith(f"<{mail.sender}>")
    assert mail.message_id == outbox.message_id(email)
    assert (email.status, email.body, email.attempts) == (OutgoingStatus.SENT, "", 1)


def test_the_same_key_queued_twice_is_one_email(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("camille@example.org", "Essai", "Bonjour", key="confirmation:1")
        queue_email("camille@example.org", "Essai", "Bonjour", key="confirmation:1")

    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
    assert OutgoingEmail.objects.count() == 1


def test_sending_a_sent_email_again_sends_nothing(smtp_server):
    email = queued()
    assert outbox.send(email.pk) is True
    smtp_server.wait_for(1)

    assert outbox.send(email.pk) is False
    assert len(smtp_server.messages) == 1


def test_an_error_at_quit_after_the_server_accepted_does_not_send_again(smtp_server, monkeypatch):
    def quit_fails(self):
        raise smtplib.SMTPResponseException(421, b"closing")

    monkeypatch.setattr(smtplib.SMTP, "quit", quit_fails)
    email = queued()

    assert outbox.send(email.pk) is True

    email.refresh_from_db()
    assert email.status == OutgoingStatus.SENT
    assert outbox.send(email.pk) is False
    assert len(smtp_server.wait_for(1)) == 1


def test_an_email_another_worker_holds_is_not_sent_twice(smtp_server):
    email = queued(status=OutgoingStatus.SENDING, lease_until=timezone.now() + timedelta(minutes=1))

    assert outbox.send(email.pk) is False
    assert smtp_server.messages == []


# --- Failures of the mail server


def test_a_failure_queues_a_new_attempt_that_delivers(
    smtp_server, failing_smtp_connections, django_capture_on_commit_callbacks
):
    attempts = failing_smtp_connections(1)

    with django_capture_on_commit_callbacks(execute=True):
        queue_email("camille@example.org", "Essai", "Bonjour")

    [mail] = smtp_server.wait_for(1)
    assert attempts == ["connect", "connect"]
    assert mail.subject == "[entraide] Essai"
    assert OutgoingEmail.objects.get().attempts == 2


def test_with_the_database_queue_a_failure_defers_the_retry(
    settings, smtp_server, failing_smtp_connections, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    failing_smtp_connections(1)
    email = queued()
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConnectionRefusedError):
        tasks.send_email.call(email_id=email.pk)

    retry = DBTaskResult.objects.get()
    assert retry.task_path == "entraide.core.tasks.send_email"
    assert retry.args_kwargs["kwargs"] == {"email_id": email.pk}
    assert retry.run_after >= before + timedelta(minutes=1)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingStatus.QUEUED, 1)
    assert smtp_server.messages == []
    # Too early: the retry's task may not send before its time.
    assert outbox.send(email.pk) is False


def test_the_last_failed_attempt_gives_up(
    settings, smtp_server, failing_smtp_connections, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    failing_smtp_connections(1)
    email = queued(attempts=outbox.MAX_SEND_ATTEMPTS - 1)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ConnectionRefusedError):
        tasks.send_email.call(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == OutgoingStatus.FAILED
    assert DBTaskResult.objects.count() == 0


# --- The sweep


def test_the_sweep_hands_out_again_an_email_whose_worker_died_while_sending(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    dead = queued(status=OutgoingStatus.SENDING, lease_until=timezone.now() - timedelta(seconds=1))
    held = queued(
        subject="Tenu", status=OutgoingStatus.SENDING,
        lease_until=timezone.now() + timedelta(minutes=1),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        swept = outbox.sweep()

    assert swept.emails_handed_over == 1
    (task,) = DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_email")
    assert task.args_kwargs["kwargs"] == {"email_id": dead.pk}
    assert outbox.send(dead.pk) is True
    assert outbox.send(held.pk) is False
    assert [mail.subject for mail in smtp_server.wait_for(1)] == ["Essai"]


def test_the_sweep_hands_out_an_email_whose_task_was_lost_once_per_period(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_STALLED_AFTER_SECONDS = 300
    lost = queued(next_attempt_at=timezone.now() - timedelta(minutes=6))
    queued(subject="Il y a une minute", next_attempt_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
        outbox.sweep()  # ten seconds later: the queue is slow, not lost

    (task,) = DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_email")
    assert task.args_kwargs["kwargs"] == {"email_id": lost.pk}


def test_the_sweep_makes_tasks_left_running_by_a_dead_worker_ready_again(settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_STALLED_AFTER_SECONDS = 300
    dead = tasks.send_email.enqueue(email_id=1)
    alive = tasks.send_email.enqueue(email_id=2)
    DBTaskResult.objects.filter(pk=dead.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=6)
    )
    DBTaskResult.objects.filter(pk=alive.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=1)
    )

    assert outbox.sweep().tasks_restarted == 1

    statuses = {str(pk): status for pk, status in DBTaskResult.objects.values_list("pk", "status")}
    assert statuses == {dead.id: TaskResultStatus.READY, alive.id: TaskResultStatus.RUNNING}


def test_the_sweep_forgets_emails_sent_a_month_ago(db):
    queued(status=OutgoingStatus.SENT, sent_at=timezone.now() - timedelta(days=31))
    recent = queued(subject="Hier", status=OutgoingStatus.SENT, sent_at=timezone.now())

    assert outbox.sweep().sent_deleted == 1
    assert list(OutgoingEmail.objects.all()) == [recent]


def test_the_sweep_queues_its_next_run_before_it_works(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS

    def worker_dies():
        raise SystemExit("killed")

    monkeypatch.setattr(outbox, "sweep", worker_dies)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        tasks.sweep_outbox.call()

    (next_run,) = DBTaskResult.objects.filter(task_path="entraide.core.tasks.sweep_outbox")
    assert next_run.run_after > timezone.now() + timedelta(seconds=50)


# --- A task run twice


@pytest.fixture
def hello_templates(settings):
    import copy

    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {
            "core/email/test_hello_subject.txt": "Bonjour",
            "core/email/test_hello.txt": "Une nouvelle.",
        }),
        "django.template.loaders.app_directories.Loader",
    ]  # fmt: skip
    settings.TEMPLATES = templates


def test_a_task_run_again_after_its_worker_died_tells_the_person_once(
    hello_templates, smtp_server, volunteer, django_capture_on_commit_callbacks
):
    for _run in range(2):  # the same task (same id) run twice, as the sweep may do
        with outbox.running_task("task-1"), django_capture_on_commit_callbacks(execute=True):
            notify(volunteer, "core.test_hello", {})

    smtp_server.wait_for(1)
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(recipient=volunteer).count() == 1


def test_two_notifications_of_one_task_run_are_both_kept(
    hello_templates, smtp_server, volunteer, django_capture_on_commit_callbacks
):
    with outbox.running_task("task-1"), django_capture_on_commit_callbacks(execute=True):
        notify(volunteer, "core.test_hello", {})
        notify(volunteer, "core.test_hello", {})

    assert len(smtp_server.wait_for(2)) == 2
    assert Notification.objects.filter(recipient=volunteer).count() == 2
