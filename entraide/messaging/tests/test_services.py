from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from entraide.core.exceptions import ActionRefused
from entraide.messaging.models import Conversation, Message
from entraide.messaging.services import reply, start_conversation

pytestmark = pytest.mark.django_db

BODY = "Bonjour, je peux aider à la distribution le samedi matin."


def test_start_conversation_refuses_a_member_of_the_organisation(
    plain_member: Any, organisation: Any
) -> None:
    with pytest.raises(ActionRefused, match="Vous êtes membre de cette organisation"):
        start_conversation(plain_member, organisation, subject="Bonjour", body=BODY)

    assert Conversation.objects.count() == 0


def test_start_conversation_refuses_an_unverified_organisation(
    volunteer: Any, unverified_organisation: Any
) -> None:
    with pytest.raises(ActionRefused):
        start_conversation(volunteer, unverified_organisation, subject="Bonjour", body=BODY)


def test_start_conversation_refuses_a_too_short_body_with_its_field(
    volunteer: Any, organisation: Any
) -> None:
    with pytest.raises(ActionRefused) as refused:
        start_conversation(volunteer, organisation, subject="Bonjour", body="  court   ")

    assert refused.value.field == "body"
    assert Conversation.objects.count() == 0


def test_rate_limit_counts_only_the_conversations_of_the_last_hour(
    volunteer: Any, organisation: Any, write_to: Any
) -> None:
    for _ in range(10):
        write_to(organisation)
    Conversation.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    conversation = write_to(organisation)

    assert conversation.pk is not None
    assert Conversation.objects.count() == 11


def test_rate_limit_is_per_person(
    volunteer: Any, outsider: Any, organisation: Any, write_to: Any
) -> None:
    for _ in range(10):
        write_to(organisation)

    conversation = write_to(organisation, author=outsider)

    assert conversation.person == outsider
    with pytest.raises(ActionRefused, match="10 conversations"):
        write_to(organisation)


def test_reply_by_a_manager_is_from_the_organisation_and_notifies_the_person_only(
    conversation: Any,
    association_admin: Any,
    co_admin: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message = reply(co_admin, conversation, body="Merci, venez samedi à 9 h au local.")

    assert (message.sender, message.from_organisation) == (co_admin, True)
    assert [mail.to for mail in mailoutbox] == [["camille@example.org"]]
    assert mailoutbox[0].subject == "[entraide] Les Restos du Cœur a répondu : Bénévolat le samedi"
    assert "Merci, venez samedi à 9 h au local." in mailoutbox[0].body
    assert "jeanne@example.org" not in mailoutbox[0].message().as_string()
    assert "Jeanne" not in mailoutbox[0].body


def test_reply_by_the_person_notifies_every_manager(
    conversation: Any,
    volunteer: Any,
    association_admin: Any,
    co_admin: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        message = reply(volunteer, conversation, body="Parfait, je serai là samedi.")

    assert message.from_organisation is False
    assert sorted(mail.to[0] for mail in mailoutbox) == ["alex@example.org", "jeanne@example.org"]
    assert all("camille@example.org" not in mail.message().as_string() for mail in mailoutbox)
    assert all("Camille D. a répondu" in mail.subject for mail in mailoutbox)


def test_reply_moves_the_conversation_date_to_the_new_message(
    conversation: Any, association_admin: Any
) -> None:
    before = conversation.last_message_at

    message = reply(association_admin, conversation, body="Merci, venez samedi à 9 h.")

    conversation.refresh_from_db()
    assert conversation.last_message_at == message.created_at
    assert conversation.last_message_at > before


def test_reply_by_an_outsider_is_denied(conversation: Any, outsider: Any) -> None:
    with pytest.raises(PermissionDenied):
        reply(outsider, conversation, body="Je m’invite dans la conversation.")

    assert Message.objects.count() == 1


def test_reply_by_a_plain_member_is_denied(conversation: Any, plain_member: Any) -> None:
    with pytest.raises(PermissionDenied):
        reply(plain_member, conversation, body="Je ne gère pas cette organisation.")
