"""Telling many people at once (a request for help reaching a neighbourhood, a new post in a
group): the same rows as `notify` writes one by one, each person's preference honoured, in a
constant number of queries per batch; and the kinds that wait for the digest by default."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.tests.factories import UserFactory
from entraide.core.enums import Delivery, Frequency
from entraide.core.models import Notification, NotificationPreference
from entraide.core.notifications import (
    DEFAULT_FREQUENCY,
    DIGEST_KIND,
    frequency_of,
    notify_many,
    set_frequency,
    unsubscribe,
)
from entraide.core.tests.test_notification_centre import KIND, news_templates  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_by_default(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(DEFAULT_FREQUENCY, KIND, Frequency.DIGEST)
    return KIND


def test_notify_many_writes_one_notification_each_with_each_persons_delivery(
    news_templates: None,  # noqa: F811
    smtp_server: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    now, digest, never = UserFactory.create_batch(3)
    set_frequency(digest, KIND, Frequency.DIGEST)
    set_frequency(never, KIND, Frequency.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        told = notify_many([now.pk, digest.pk, never.pk], KIND, {"sender": outsider, "news": "x"})

    assert told == 3
    deliveries = dict(Notification.objects.values_list("recipient_id", "delivery"))
    assert deliveries == {
        now.pk: Delivery.MAILED,
        digest.pk: Delivery.DIGEST_PENDING,
        never.pk: Delivery.NOT_MAILED,
    }
    assert set(Notification.objects.values_list("title", flat=True)) == {"Nouvelles de Olivier P."}
    [mail] = smtp_server.wait_for(1)
    assert mail.to == [now.email]


def test_notify_many_skips_inactive_people_and_repeated_ids(
    news_templates: None,  # noqa: F811
    outsider: Any,
) -> None:
    active, gone = UserFactory.create_batch(2)
    gone.is_active = False
    gone.save(update_fields=["is_active"])

    told = notify_many([active.pk, active.pk, gone.pk], KIND, {"sender": outsider})

    assert told == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [active.pk]


def test_notify_many_costs_the_same_queries_for_ten_people_as_for_two(
    news_templates: None,  # noqa: F811
    outsider: Any,
    digest_by_default: str,
) -> None:
    def queries(count: int) -> int:
        people = [person.pk for person in UserFactory.create_batch(count)]
        with CaptureQueriesContext(connection) as captured:
            notify_many(people, KIND, {"sender": outsider})
        return len(captured)

    assert queries(2) == queries(10)


def test_notify_many_writes_in_batches(
    news_templates: None,  # noqa: F811
    outsider: Any,
    digest_by_default: str,
) -> None:
    people = [person.pk for person in UserFactory.create_batch(5)]

    told = notify_many(people, KIND, {"sender": outsider}, batch_size=2)

    assert told == 5
    assert Notification.objects.count() == 5


def test_a_kind_in_the_digest_by_default_is_mailed_at_once_only_for_those_who_chose_it(
    volunteer: Any, digest_by_default: str
) -> None:
    assert frequency_of(volunteer, KIND) == Frequency.DIGEST

    set_frequency(volunteer, KIND, Frequency.IMMEDIATELY)
    assert frequency_of(volunteer, KIND) == Frequency.IMMEDIATELY

    set_frequency(volunteer, KIND, Frequency.DIGEST)
    assert not NotificationPreference.objects.filter(person=volunteer).exists()


def test_the_digests_unsubscribe_link_also_silences_kinds_in_the_digest_by_default(
    volunteer: Any, digest_by_default: str
) -> None:
    unsubscribe(volunteer, DIGEST_KIND)

    assert frequency_of(volunteer, KIND) == Frequency.NEVER
