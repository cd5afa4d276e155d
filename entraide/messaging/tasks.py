"""Background work of messaging: telling each participant of a slot that the organisation wrote
to them all. The request writes the conversations; the worker renders and sends one
notification per message, so a slot of hundreds holds neither the organiser's request nor its
transaction that long. A task's dotted path is stored with each queued run: it keeps its name."""

from django.db import transaction
from django.tasks import task

from entraide.core.notifications import notify
from entraide.messaging.models import Message


@task()
def tell_slot_participants(*, message_ids: list[int]) -> int:
    """One notification for each message of an « Écrire aux participants ». Run again with the
    same task id (its worker died), it tells nobody twice: each notification's key names this
    run (core/outbox.py, `task_key`). Returns how many were told."""
    told = 0
    broadcast = (
        Message.objects.filter(pk__in=message_ids, broadcast=True, from_organisation=True)
        .select_related(
            "conversation",
            "conversation__person",
            "conversation__organisation",
            "conversation__action",
        )
        .order_by("pk")
    )
    for message in broadcast:
        conversation = message.conversation
        # One transaction per person: a failure part-way leaves those before it told once.
        with transaction.atomic():
            notify(
                conversation.person,
                "messaging.organisation_wrote",
                {
                    "conversation": conversation,
                    "organisation": conversation.organisation,
                    "message": message,
                    "action": conversation.action,
                    "url": conversation.get_absolute_url(),
                },
            )
        told += 1
    return told
