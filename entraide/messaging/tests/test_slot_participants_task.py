"""« Écrire aux participants » answers at once: the request writes the conversations and queues
one task, which tells each participant, once even when it runs again."""

from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core import outbox
from entraide.core.models import Notification
from entraide.messaging import tasks
from entraide.messaging.models import Message
from entraide.messaging.services import write_to_slot_participants

pytestmark = pytest.mark.django_db

KIND = "messaging.organisation_wrote"
TASK_PATH = "entraide.messaging.tasks.tell_slot_participants"


@pytest.fixture
def slot(association_admin: Any, organisation: Any, volunteer: Any, outsider: Any) -> Any:
    slot = first_slot(make_action(association_admin, organisation))
    join_slot(volunteer, slot)
    join_slot(outsider, slot)
    return slot


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def told() -> list[str]:
    return sorted(Notification.objects.filter(kind=KIND).values_list("recipient__email", flat=True))


def test_the_request_returns_before_anybody_is_told_and_the_task_tells_each_once(
    client: Any,
    association_admin: Any,
    slot: Any,
    database_queue: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(association_admin)

    response = client.post(
        f"/actions/creneaux/{slot.pk}/message/",
        {"subject": "Apportez des gants", "body": "Rendez-vous devant le portail."},
    )

    assert response.status_code == 302
    assert Message.objects.filter(broadcast=True).count() == 2
    assert told() == []
    (queued,) = DBTaskResult.objects.filter(task_path=TASK_PATH)
    # The worker runs it, then a second worker runs the same task again (the first died).
    for _worker in range(2):
        with outbox.running_task(str(queued.id)), django_capture_on_commit_callbacks():
            tasks.tell_slot_participants.call(**queued.args_kwargs["kwargs"])
    assert told() == ["camille@example.org", "olivier@example.org"]


def test_a_slot_without_participants_queues_nothing(
    association_admin: Any, organisation: Any, database_queue: None
) -> None:
    empty = first_slot(make_action(association_admin, organisation))

    assert write_to_slot_participants(association_admin, empty, subject="Rien", body="Personne n’est inscrit.") == []  # fmt: skip
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()
