"""Blocking a sender, the message rate limit, unread counts, and the forbidden paths of
reporting (the reports themselves: entraide/moderation/tests/test_reports.py)."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification
from entraide.messaging.enums import Side
from entraide.messaging.models import Block, Message
from entraide.messaging.selectors import inbox_of, unread_conversation_count
from entraide.messaging.services import (
    MESSAGES_PER_WINDOW,
    block_other_side,
    mark_conversation_read,
    reply,
    report_message,
    start_conversation_from_organisation,
    unblock_other_side,
)
from entraide.moderation.models import Report

pytestmark = pytest.mark.django_db

ANSWER = "Merci, venez samedi à 9 h au local."


def url_of(conversation: Any, name: str = "conversation", *args: Any) -> str:
    return reverse(f"messaging:{name}", args=[conversation.pk, *args])


# --- Blocks


def test_person_blocking_the_organisation_stops_its_replies_and_new_conversations(
    conversation: Any, volunteer: Any, association_admin: Any, organisation: Any
) -> None:
    block = block_other_side(volunteer, conversation)

    assert (block.blocked_by, block.created_by) == (Side.PERSON, volunteer)
    with pytest.raises(ActionRefused, match=r"Camille D\. ne souhaite plus recevoir"):
        reply(association_admin, conversation, body=ANSWER)
    with pytest.raises(ActionRefused, match="ne souhaite plus recevoir"):
        start_conversation_from_organisation(
            association_admin, organisation, volunteer, subject="Encore", body=ANSWER
        )
    assert AuditEntry.objects.filter(action="messaging.block.created").count() == 1


def test_organisation_blocking_the_person_stops_their_messages(
    conversation: Any, volunteer: Any, co_admin: Any, organisation: Any, write_to: Any
) -> None:
    block_other_side(co_admin, conversation)

    with pytest.raises(ActionRefused, match="Les Restos du Cœur ne souhaite plus recevoir vos"):
        reply(volunteer, conversation, body="Pourquoi ne répondez-vous pas ?")
    with pytest.raises(ActionRefused, match="ne souhaite plus recevoir vos messages"):
        write_to(organisation)
    assert Message.objects.count() == 1


def test_the_blocker_is_told_how_to_lift_the_block_and_unblocking_restores_replies(
    conversation: Any, volunteer: Any
) -> None:
    block_other_side(volunteer, conversation)
    with pytest.raises(ActionRefused, match="débloquez-la"):
        reply(volunteer, conversation, body="Finalement, je reviens vers vous.")

    unblock_other_side(volunteer, conversation)
    message = reply(volunteer, conversation, body="Finalement, je reviens vers vous.")

    assert message.pk is not None
    assert Block.objects.count() == 0


def test_block_button_in_the_conversation_page(
    client: Any, conversation: Any, volunteer: Any, association_admin: Any
) -> None:
    client.force_login(volunteer)

    client.post(url_of(conversation, "block"))
    client.force_login(association_admin)
    page = client.get(url_of(conversation))
    refused = client.post(url_of(conversation), {"body": ANSWER})

    assert Block.objects.get().blocked_by == Side.PERSON
    assert "Camille D. ne souhaite plus recevoir de messages de votre organisation." in page.text
    assert 'name="body"' not in page.text
    assert refused.status_code == 200
    assert Message.objects.count() == 1


def test_someone_else_cannot_block_in_a_conversation(
    client: Any, conversation: Any, outsider: Any
) -> None:
    client.force_login(outsider)

    response = client.post(url_of(conversation, "block"))

    assert response.status_code == 404
    assert Block.objects.count() == 0


def test_block_refuses_get(client: Any, conversation: Any, volunteer: Any) -> None:
    client.force_login(volunteer)

    assert client.get(url_of(conversation, "block")).status_code == 405
    assert Block.objects.count() == 0


# --- Reports


@pytest.fixture
def answer(conversation: Any, association_admin: Any) -> Message:
    return reply(association_admin, conversation, body=ANSWER)


def test_an_outsider_cannot_report_a_message_of_someone_elses_conversation(
    client: Any, conversation: Any, outsider: Any, answer: Message
) -> None:
    client.force_login(outsider)

    response = client.post(url_of(conversation, "report", answer.pk), {"reason": "Spam, spam."})

    assert response.status_code == 404


def test_a_message_of_another_conversation_is_not_found(
    client: Any, conversation: Any, volunteer: Any, organisation: Any, write_to: Any
) -> None:
    other = write_to(organisation, author=None, subject="Autre sujet")
    client.force_login(volunteer)
    foreign_message = Message.objects.exclude(conversation=conversation).filter(conversation=other)[
        0
    ]
    # Same person, but the message id does not belong to the conversation of the URL.
    response = client.get(url_of(conversation, "report", foreign_message.pk))

    assert response.status_code == 404


def test_reporting_ones_own_message_is_refused(conversation: Any, volunteer: Any) -> None:
    own = conversation.messages.get()

    with pytest.raises(ActionRefused) as refusal:
        report_message(volunteer, own, reason="Je me signale moi-même.")

    assert refusal.value.message == "On ne signale pas ses propres messages."
    assert Report.objects.count() == 0


def test_reporting_a_message_sent_for_ones_own_organisation_is_refused(
    conversation: Any, co_admin: Any, answer: Message
) -> None:
    with pytest.raises(ActionRefused):
        report_message(co_admin, answer, reason="Ma collègue a écrit ceci.")

    assert Report.objects.count() == 0


def test_the_report_page_of_ones_own_message_offers_no_form(
    client: Any, conversation: Any, volunteer: Any, answer: Message
) -> None:
    own = conversation.messages.exclude(pk=answer.pk).get()
    client.force_login(volunteer)

    page = client.get(url_of(conversation), follow=True)
    form_page = client.get(url_of(conversation, "report", own.pk), follow=True)

    report_links = [url_of(conversation, "report", m.pk) for m in (own, answer)]
    html = page.content.decode()
    assert [link in html for link in report_links] == [False, True]
    assert form_page.redirect_chain[-1][0] == url_of(conversation)
    assert "On ne signale pas ses propres messages." in form_page.content.decode()


def test_reporting_the_other_sides_message_is_still_possible(
    conversation: Any, volunteer: Any, answer: Message
) -> None:
    report_message(volunteer, answer, reason="Ce message me démarche.")

    assert Report.objects.count() == 1


# --- Message rate limit


def test_at_most_thirty_messages_in_ten_minutes_across_conversations(
    volunteer: Any, organisation: Any, write_to: Any
) -> None:
    conversations = [write_to(organisation, subject=f"Sujet {n}") for n in range(3)]
    for index in range(MESSAGES_PER_WINDOW - 3):
        reply(volunteer, conversations[index % 3], body=f"Message numéro {index} pour vous.")

    with pytest.raises(ActionRefused, match="30 messages en moins de 10 minutes") as refused:
        reply(volunteer, conversations[0], body="Un message de trop, peut-être.")

    assert refused.value.field == "body"
    assert Message.objects.filter(sender=volunteer).count() == MESSAGES_PER_WINDOW


def test_message_limit_forgets_messages_older_than_ten_minutes(
    volunteer: Any, conversation: Any
) -> None:
    for index in range(MESSAGES_PER_WINDOW - 1):
        reply(volunteer, conversation, body=f"Message numéro {index} pour vous.")
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    message = reply(volunteer, conversation, body="Après une pause, je réécris.")

    assert message.pk is not None


def test_message_limit_shows_its_message_next_to_the_field(
    client: Any, volunteer: Any, conversation: Any
) -> None:
    for index in range(MESSAGES_PER_WINDOW - 1):
        reply(volunteer, conversation, body=f"Message numéro {index} pour vous.")
    client.force_login(volunteer)

    response = client.post(url_of(conversation), {"body": "Un message de trop, peut-être."})

    assert response.status_code == 200
    assert "Merci de patienter quelques minutes" in response.text


# --- Unread counts


def test_unread_counts_per_conversation_and_in_total(
    volunteer: Any, association_admin: Any, co_admin: Any, organisation: Any, write_to: Any
) -> None:
    first = write_to(organisation, subject="Premier sujet")
    second = write_to(organisation, subject="Second sujet")
    reply(volunteer, first, body="Une précision sur ma demande.")
    reply(co_admin, second, body="Bonjour, nous avons bien reçu.")

    unread_for_alex = {c.subject: c.unread for c in inbox_of(association_admin)}
    unread_for_jeanne = {c.subject: c.unread for c in inbox_of(co_admin)}
    unread_for_camille = {c.subject: c.unread for c in inbox_of(volunteer)}

    assert unread_for_alex == {"Premier sujet": 2, "Second sujet": 1}
    # Jeanne's own answer is not unread for her, nor for Alex (their side wrote it).
    assert unread_for_jeanne == {"Premier sujet": 2, "Second sujet": 1}
    assert unread_for_camille == {"Premier sujet": 0, "Second sujet": 1}
    assert unread_conversation_count(association_admin) == 2
    assert unread_conversation_count(volunteer) == 1


def test_reading_a_conversation_clears_its_count_for_that_reader_only(
    client: Any, co_admin: Any, conversation: Any, association_admin: Any
) -> None:
    client.force_login(association_admin)

    client.get(url_of(conversation))

    assert [c.unread for c in inbox_of(association_admin)] == [0]
    assert [c.unread for c in inbox_of(co_admin)] == [1]
    about = Notification.objects.filter(url=url_of(conversation), read_at__isnull=True)
    assert [n.recipient for n in about] == [co_admin]


def test_a_new_message_after_reading_is_unread_again(
    conversation: Any, volunteer: Any, association_admin: Any
) -> None:
    mark_conversation_read(association_admin, conversation)

    reply(volunteer, conversation, body="Une précision sur ma demande.")

    assert [c.unread for c in inbox_of(association_admin)] == [1]


def test_inbox_shows_the_unread_badge(
    client: Any, conversation: Any, association_admin: Any
) -> None:
    client.force_login(association_admin)

    page = client.get(reverse("messaging:inbox"))

    assert "1 conversation non lue" in page.text
    assert '<span class="badge">1 non lu</span>' in page.text
