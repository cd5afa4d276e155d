"""The daily digest: "digest" notifications wait, then leave in one e-mail each morning."""

import copy
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from entraide.core import tasks
from entraide.core.digest import next_digest_time
from entraide.core.enums import Delivery, Frequency
from entraide.core.models import Notification, NotificationPreference
from entraide.core.notifications import DEFAULT_FREQUENCY, notify, set_frequency

pytestmark = pytest.mark.django_db

EMAIL_TEMPLATES = {
    "core/email/test_news_subject.txt": "{{ news|capfirst }}",
    "core/email/test_news.txt": "{{ news }}.",
    "core/email/test_event_subject.txt": "Rendez-vous : {{ place }}",
    "core/email/test_event.txt": "Rendez-vous {{ place }}.",
}


@pytest.fixture(autouse=True)
def test_kinds(settings: Any) -> None:
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", dict(EMAIL_TEMPLATES)),
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    settings.SITE_URL = "https://entraide.example"


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (the queued e-mails, the next run) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def on_digest(person: Any) -> None:
    set_frequency(person, "core.test_news", Frequency.DIGEST)
    set_frequency(person, "core.test_event", Frequency.DIGEST)


def test_digest_preference_sends_no_immediate_mail(
    smtp_server: Any, volunteer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    on_digest(volunteer)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(volunteer, "core.test_news", {"news": "la collecte a lieu samedi"})

    assert callbacks == []
    assert Notification.objects.get().delivery == Delivery.DIGEST_PENDING


def test_send_digests_mails_one_message_listing_every_pending_notification(
    smtp_server: Any, volunteer: Any, outsider: Any, committed: Any
) -> None:
    on_digest(volunteer)
    with committed():
        notify(volunteer, "core.test_news", {"news": "la collecte a lieu samedi", "url": "/a/1/"})
        notify(volunteer, "core.test_event", {"place": "au local des Restos"})
        notify(outsider, "core.test_news", {"news": "pour Olivier, tout de suite"})
    smtp_server.wait_for(1)  # Olivier's immediate mail
    smtp_server.clear()

    with committed():
        sent = tasks.send_digests.call()

    [mail] = smtp_server.wait_for(1)
    assert sent == 1
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "[entraide] Votre résumé du jour : 2 notifications"
    assert "- La collecte a lieu samedi\r\n  https://entraide.example/a/1/" in mail.body
    assert "- Rendez-vous : au local des Restos" in mail.body
    assert "pour Olivier" not in mail.body
    assert "olivier@example.org" not in mail.body
    assert mail.link(r"https://entraide\.example/notifications/desabonnement/\S+")
    assert set(
        Notification.objects.filter(recipient=volunteer).values_list("delivery", flat=True)
    ) == {Delivery.DIGESTED}


def test_send_digests_twice_sends_each_notification_once(
    smtp_server: Any, volunteer: Any, committed: Any
) -> None:
    on_digest(volunteer)
    notify(volunteer, "core.test_news", {"news": "la collecte a lieu samedi"})
    with committed():
        tasks.send_digests.call()
    smtp_server.wait_for(1)

    with committed():
        sent_again = tasks.send_digests.call()

    assert sent_again == 0
    assert len(smtp_server.messages) == 1


def test_digest_unsubscribe_link_turns_every_digest_kind_off(
    smtp_server: Any, volunteer: Any, committed: Any
) -> None:
    on_digest(volunteer)
    set_frequency(volunteer, "messaging.new_reply", Frequency.IMMEDIATELY)
    notify(volunteer, "core.test_news", {"news": "la collecte a lieu samedi"})
    with committed():
        tasks.send_digests.call()
    link = smtp_server.last_link(r"https://entraide\.example/notifications/desabonnement/\S+")

    response = Client().post(link.removeprefix("https://entraide.example"))

    assert "Vous ne recevrez plus le résumé quotidien." in response.text
    assert dict(
        NotificationPreference.objects.filter(person=volunteer).values_list("kind", "frequency")
    ) == {
        "core.test_news": Frequency.NEVER,
        "core.test_event": Frequency.NEVER,
        # And the kinds that wait for the digest unless the person chose otherwise.
        **{kind: Frequency.NEVER for kind, when in DEFAULT_FREQUENCY.items() if when == "digest"},
    }


def test_send_digests_command_sends_them_now(
    smtp_server: Any, volunteer: Any, committed: Any
) -> None:
    on_digest(volunteer)
    notify(volunteer, "core.test_news", {"news": "la collecte a lieu samedi"})
    out = StringIO()

    with committed():
        call_command("send_digests", stdout=out)

    assert smtp_server.wait_for(1)[0].to == ["camille@example.org"]
    assert out.getvalue() == "1 digest(s) sent\n"


def test_send_digests_schedules_itself_for_seven_tomorrow_once(
    database_queue: None, volunteer: Any, committed: Any
) -> None:
    with committed():
        tasks.send_digests.call()
    with committed():
        tasks.send_digests.call()

    [next_run] = DBTaskResult.objects.filter(task_path="entraide.core.tasks.send_digests")
    assert next_run.run_after.astimezone(next_digest_time(next_run.run_after).tzinfo).hour == 7


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 05:00 UTC in winter is 06:00 in Paris: today at 07:00 (06:00 UTC).
        (datetime(2026, 1, 15, 5, 0, tzinfo=UTC), datetime(2026, 1, 15, 6, 0, tzinfo=UTC)),
        # 06:00 UTC in winter is 07:00 in Paris: tomorrow.
        (datetime(2026, 1, 15, 6, 0, tzinfo=UTC), datetime(2026, 1, 16, 6, 0, tzinfo=UTC)),
        # The night the clocks go forward: 07:00 in Paris is 05:00 UTC.
        (datetime(2026, 3, 28, 20, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
    ],
)
def test_next_digest_time_is_the_next_seven_in_paris(now: datetime, expected: datetime) -> None:
    assert next_digest_time(now) == expected
