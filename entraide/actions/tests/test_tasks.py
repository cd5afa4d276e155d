import datetime as dt
import re

import pytest
from django.core import signing
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services, tasks
from entraide.actions.enums import ParticipationStatus
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core import outbox
from entraide.core.enums import OutgoingStatus
from entraide.core.models import OutgoingEmail
from entraide.core.notifications import queue_email
from entraide.core.tasks import send_email

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TOKEN_LINK = r"https?://\S+/actions/rappel/(\S+)/"


def move_clock(monkeypatch, to: dt.datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: to)


# --- Reminders -----------------------------------------------------------------------------


def test_two_days_reminder_mails_two_links_that_work_without_login(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    participation = services.join_slot(volunteer, first_slot(make_action(association_admin, organisation)))  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.send_reminder.call(participation_id=participation.pk, kind="two_days")

    assert sent is True
    (mail,) = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    tokens = re.findall(TOKEN_LINK, mail.body)
    assert [tasks.read_reminder_token(token) for token in tokens] == [
        (participation.pk, "coming"),
        (participation.pk, "cannot"),
    ]


def test_day_before_reminder_is_a_plain_mail(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    participation = services.join_slot(volunteer, first_slot(make_action(association_admin, organisation)))  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminder.call(participation_id=participation.pk, kind="day_before")

    (mail,) = smtp_server.wait_for(1)
    assert re.findall(TOKEN_LINK, mail.body) == []


def test_no_reminder_after_the_participation_was_cancelled(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    participation = services.join_slot(volunteer, first_slot(make_action(association_admin, organisation)))  # fmt: skip
    services.cancel_participation(volunteer, participation, reason="illness")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = tasks.send_reminder.call(participation_id=participation.pk, kind="two_days")

    assert sent is False
    assert callbacks == []
    assert smtp_server.messages == []


def test_no_reminder_once_the_slot_has_started(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks,
    monkeypatch,
):  # fmt: skip
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    move_clock(monkeypatch, slot.starts_at + dt.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = tasks.send_reminder.call(participation_id=participation.pk, kind="two_days")

    assert sent is False
    assert callbacks == []


def test_reminder_token_is_signed(volunteer):
    with pytest.raises(signing.BadSignature, match=r"[Ss]ignature"):
        tasks.read_reminder_token("eyJwIjoxLCJhIjoiY2Fubm90In0:forged:signature")


# --- Waiting-list offers -------------------------------------------------------------------


def test_expire_offer_passes_the_place_to_the_next_person(
    association_admin, organisation, volunteer, outsider, monkeypatch
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    offered = services.join_slot(volunteer, slot)
    next_one = services.join_slot(UserFactory(), slot)
    services.cancel_participation(outsider, taken, reason="illness")
    offered.refresh_from_db()
    assert offered.status == ParticipationStatus.OFFERED
    move_clock(monkeypatch, offered.offer_expires_at + dt.timedelta(minutes=1))

    changed = tasks.expire_offer.call(participation_id=offered.pk)

    offered.refresh_from_db()
    next_one.refresh_from_db()
    slot.refresh_from_db()
    assert changed is True
    assert offered.status == ParticipationStatus.CANCELLED
    assert next_one.status == ParticipationStatus.OFFERED
    assert slot.seats_taken == 1


def test_expire_offer_does_nothing_once_the_offer_was_claimed(
    association_admin, organisation, volunteer, outsider, monkeypatch
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    offered = services.join_slot(volunteer, slot)
    services.cancel_participation(outsider, taken, reason="illness")
    offered.refresh_from_db()
    services.claim_offer(volunteer, offered)
    move_clock(monkeypatch, offered.offer_expires_at + dt.timedelta(minutes=1))

    changed = tasks.expire_offer.call(participation_id=offered.pk)

    offered.refresh_from_db()
    assert changed is False
    assert offered.status == ParticipationStatus.CONFIRMED


def test_expire_offer_before_its_time_does_nothing(
    association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    offered = services.join_slot(volunteer, slot)
    services.cancel_participation(outsider, taken, reason="illness")

    assert tasks.expire_offer.call(participation_id=offered.pk) is False


# --- Scheduling with the database backend --------------------------------------------------


def test_joining_schedules_the_reminders_in_the_database(
    association_admin, organisation, volunteer, settings, django_capture_on_commit_callbacks
):
    slot = first_slot(make_action(association_admin, organisation))
    settings.TASKS = DATABASE_TASKS

    with django_capture_on_commit_callbacks(execute=True):
        participation = services.join_slot(volunteer, slot)
    # The sign-up queued one task, telling the person; the worker runs it (here, by hand).
    queued = DBTaskResult.objects.get(task_path="entraide.actions.tasks.tell_participant")
    assert queued.args_kwargs["kwargs"] == {
        "participation_id": participation.pk,
        "status": "confirmed",
    }
    with django_capture_on_commit_callbacks(execute=True):
        tasks.tell_participant.call(**queued.args_kwargs["kwargs"])

    reminders = DBTaskResult.objects.filter(task_path="entraide.actions.tasks.send_reminder")
    by_kind = {r.args_kwargs["kwargs"]["kind"]: r for r in reminders}
    assert set(by_kind) == {"two_days", "day_before"}
    two_days = by_kind["two_days"]
    assert two_days.args_kwargs["kwargs"]["participation_id"] == participation.pk
    assert abs(two_days.run_after - (slot.starts_at - dt.timedelta(days=2))) < dt.timedelta(
        seconds=1
    )
    assert abs(by_kind["day_before"].run_after - (slot.starts_at - dt.timedelta(days=1))) < dt.timedelta(seconds=1)  # fmt: skip
    # The confirmation e-mail waits in the queue too, for the worker.
    assert DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_email").count() == 1


def test_an_offer_schedules_its_expiry_in_the_database(
    association_admin, organisation, volunteer, outsider, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)
    settings.TASKS = DATABASE_TASKS

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_participation(outsider, taken, reason="illness")

    waiting.refresh_from_db()
    (expiry,) = DBTaskResult.objects.filter(task_path="entraide.actions.tasks.expire_offer")
    assert expiry.args_kwargs["kwargs"] == {"participation_id": waiting.pk}
    assert abs(expiry.run_after - waiting.offer_expires_at) < dt.timedelta(seconds=1)


# --- A failed send is retried and never lost -----------------------------------------------


def test_a_failed_send_is_queued_again_then_delivered(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_TASKS
    working_mailers = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("camille@example.org", "Rappel", "Bonjour")
    (first,) = DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_email")
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(OSError):
        send_email.call(**first.args_kwargs["kwargs"])

    (retry,) = DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_email").exclude(
        pk=first.pk
    )
    assert retry.run_after >= before + dt.timedelta(minutes=1)
    # The SMTP server is back: the queued attempt delivers the mail at its time.
    settings.MAILERS = working_mailers
    due = retry.run_after + dt.timedelta(seconds=1)
    with pytest.MonkeyPatch.context() as patch:
        move_clock(patch, due)
        retry.task.call(*retry.args_kwargs["args"], **retry.args_kwargs["kwargs"])
    (mail,) = smtp_server.wait_for(1)
    assert (mail.to, mail.subject) == (["camille@example.org"], "[entraide] Rappel")


def test_the_immediate_backend_retries_at_once_until_it_gives_up(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        queue_email("camille@example.org", "Rappel", "Bonjour")

    assert "after 6 attempts" in caplog.text
    assert OutgoingEmail.objects.get().status == OutgoingStatus.FAILED


@pytest.mark.parametrize(
    ("starts_in", "expected"),
    [
        (dt.timedelta(hours=30), {"day_before"}),  # two days before is already past
        (dt.timedelta(hours=10), set()),  # both past: the confirmation says it all
        (dt.timedelta(days=5), {"two_days", "day_before"}),
    ],
)
def test_joining_close_to_the_slot_schedules_only_the_reminders_still_ahead(
    association_admin, organisation, volunteer, settings, django_capture_on_commit_callbacks,
    starts_in, expected,
):  # fmt: skip
    slot = first_slot(make_action(association_admin, organisation, starts_in=starts_in))
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.join_slot(volunteer, slot)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.tell_participant.call(participation_id=participation.pk, status="confirmed")

    reminders = DBTaskResult.objects.filter(task_path="entraide.actions.tasks.send_reminder")

    assert {r.args_kwargs["kwargs"]["kind"] for r in reminders} == expected
    assert all(r.run_after is not None and r.run_after > timezone.now() for r in reminders)


def test_a_confirmation_run_again_after_its_worker_died_is_mailed_once(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participation = services.join_slot(volunteer, first_slot(make_action(association_admin, organisation)))  # fmt: skip
    smtp_server.wait_for(1)
    smtp_server.clear()

    # The sweep hands the same task (same id) to a second worker when the first one died.
    for _worker in range(2):
        with outbox.running_task("tell-1"), django_capture_on_commit_callbacks(execute=True):
            tasks.tell_participant.call(participation_id=participation.pk, status="confirmed")

    (mail,) = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    assert len(smtp_server.messages) == 1
