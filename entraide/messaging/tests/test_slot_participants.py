"""The organisation writes to every participant of a slot through messaging."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.models import AuditEntry
from entraide.messaging.enums import Side
from entraide.messaging.models import Message
from entraide.messaging.services import (
    MESSAGES_PER_WINDOW,
    block_other_side,
    reply,
    write_to_slot_participants,
)

pytestmark = pytest.mark.django_db

SUBJECT = "Rendez-vous samedi"
BODY = "Rendez-vous à 9 h devant le local, apportez des gants."


@pytest.fixture
def slot(association_admin: Any, organisation: Any, volunteer: Any, outsider: Any) -> Any:
    slot = first_slot(make_action(association_admin, organisation))
    join_slot(volunteer, slot)
    join_slot(outsider, slot)
    return slot


def test_each_participant_gets_their_own_conversation_about_the_slot(
    smtp_server: Any,
    association_admin: Any,
    slot: Any,
    volunteer: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        conversations = write_to_slot_participants(
            association_admin, slot, subject=SUBJECT, body=BODY
        )

    assert [(c.person, c.slot, c.action, c.started_by) for c in conversations] == [
        (volunteer, slot, slot.action, Side.ORGANISATION),
        (outsider, slot, slot.action, Side.ORGANISATION),
    ]
    mails = smtp_server.wait_for(2)
    assert sorted(mail.to[0] for mail in mails) == ["camille@example.org", "olivier@example.org"]
    assert all("olivier@example.org" not in mail.body for mail in mails)
    assert all("camille@example.org" not in mail.body for mail in mails)
    assert AuditEntry.objects.filter(action="messaging.slot_participants.messaged").count() == 1


def test_a_second_message_continues_the_same_conversations(
    association_admin: Any, slot: Any
) -> None:
    first = write_to_slot_participants(association_admin, slot, subject=SUBJECT, body=BODY)

    second = write_to_slot_participants(
        association_admin, slot, subject="Changement", body="Finalement, rendez-vous à 10 h."
    )

    assert [c.pk for c in second] == [c.pk for c in first]
    assert Message.objects.count() == 4


def test_participants_who_blocked_the_organisation_are_skipped(
    association_admin: Any, slot: Any, volunteer: Any, outsider: Any
) -> None:
    [camille, _olivier] = write_to_slot_participants(
        association_admin, slot, subject=SUBJECT, body=BODY
    )
    block_other_side(volunteer, camille)

    again = write_to_slot_participants(
        association_admin, slot, subject="Changement", body="Finalement, rendez-vous à 10 h."
    )

    assert [c.person for c in again] == [outsider]


def test_a_broadcast_does_not_use_up_the_message_limit(
    association_admin: Any, slot: Any, volunteer: Any
) -> None:
    [camille, _olivier] = write_to_slot_participants(
        association_admin, slot, subject=SUBJECT, body=BODY
    )
    for index in range(MESSAGES_PER_WINDOW):
        reply(association_admin, camille, body=f"Précision numéro {index} pour vous.")

    assert Message.objects.filter(sender=association_admin).count() == MESSAGES_PER_WINDOW + 2


def test_only_a_manager_may_write_to_the_participants(slot: Any, plain_member: Any) -> None:
    with pytest.raises(PermissionDenied):
        write_to_slot_participants(plain_member, slot, subject=SUBJECT, body=BODY)

    assert Message.objects.count() == 0
