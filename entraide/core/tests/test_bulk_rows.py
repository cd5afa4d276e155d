"""Rows inserted in one statement per batch: the model's defaults filled, a row that breaks a
unique constraint (a replayed fan-out) skipped, the others written, on both databases."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entraide.accounts.models import User
from entraide.accounts.tests.factories import UserFactory
from entraide.core.bulk_rows import insert_ignoring_conflicts
from entraide.core.enums import Delivery
from entraide.core.models import Notification

pytestmark = pytest.mark.django_db
COLUMNS = ("recipient_id", "kind", "title", "url", "delivery", "key")


def test_the_fields_not_given_take_their_defaults():
    person = UserFactory()
    before = timezone.now()

    insert_ignoring_conflicts(
        Notification, COLUMNS, [(person.pk, "core.test", "Bonjour", "/x/", "not_mailed", "k1")]
    )

    notification = Notification.objects.get(recipient=person)
    assert notification.title == "Bonjour"
    assert notification.delivery == Delivery.NOT_MAILED
    assert notification.read_at is None
    assert before - timedelta(seconds=1) <= notification.created_at <= timezone.now()


def test_a_row_breaking_a_unique_constraint_is_skipped_and_the_others_written():
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    insert_ignoring_conflicts(Notification, COLUMNS, [(first.pk, "k", "Déjà", "", "mailed", "a")])

    insert_ignoring_conflicts(
        Notification,
        COLUMNS,
        [
            (first.pk, "k", "Encore", "", "mailed", "a"),  # replayed: its key is taken
            (second.pk, "k", "Nouveau", "", "mailed", "b"),
            (second.pk, "k", "Nouveau", "", "mailed", "b"),  # repeated in the same call
            (third.pk, "k", "Nouveau", "", "mailed", "c"),
        ],
        batch_size=2,
    )

    assert sorted(Notification.objects.values_list("recipient_id", "title")) == [
        (first.pk, "Déjà"),
        (second.pk, "Nouveau"),
        (third.pk, "Nouveau"),
    ]


def test_texts_with_quotes_backslashes_commas_and_braces_are_written_as_typed():
    person = UserFactory()
    title = 'Elle a dit « oui », puis {"d\'accord"} \\ et NULL'

    insert_ignoring_conflicts(Notification, COLUMNS, [(person.pk, "k", title, "", "mailed", "")])

    assert Notification.objects.get(recipient=person).title == title


def test_any_of_finds_the_same_rows_as_in():
    people = [UserFactory() for _ in range(3)]
    ids = [people[0].pk, people[2].pk, 0]

    assert set(User.objects.filter(pk__any_of=ids)) == set(User.objects.filter(pk__in=ids))
    assert set(Notification.objects.filter(recipient_id__any_of=ids)) == set()
    assert list(User.objects.filter(pk__any_of=[])) == []
