"""A manager writes first to a person (a volunteer found in the search)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from entraide.accounts.tests.factories import UserFactory
from entraide.actions.tests.factories import make_action
from entraide.core.exceptions import ActionRefused
from entraide.core.models import Notification
from entraide.messaging.enums import Side
from entraide.messaging.models import Conversation, Message
from entraide.messaging.services import (
    ORGANISATION_CONVERSATIONS_PER_HOUR,
    start_conversation_from_organisation,
)

pytestmark = pytest.mark.django_db

SUBJECT = "Distribution du samedi"
BODY = "Bonjour, nous cherchons de l’aide pour la distribution du samedi matin."


def test_manager_opens_a_conversation_about_an_action_and_the_person_is_notified(
    smtp_server: Any,
    co_admin: Any,
    organisation: Any,
    volunteer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    action = make_action(co_admin, organisation, title="Distribution alimentaire")

    with django_capture_on_commit_callbacks(execute=True):
        conversation = start_conversation_from_organisation(
            co_admin, organisation, volunteer, subject=SUBJECT, body=BODY, action=action
        )

    [message] = conversation.messages.all()
    assert (conversation.person, conversation.organisation) == (volunteer, organisation)
    assert (conversation.started_by, conversation.action) == (Side.ORGANISATION, action)
    assert (message.sender, message.from_organisation, message.body) == (co_admin, True, BODY)
    assert Notification.objects.get(url=conversation.get_absolute_url()).recipient == volunteer
    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "[entraide] Les Restos du Cœur vous écrit : Distribution du samedi"
    assert "Distribution alimentaire" in mail.body
    assert BODY in mail.body
    assert "jeanne@example.org" not in mail.body
    assert "Jeanne" not in mail.body
    assert f"https://entraide.example/messages/{conversation.pk}/" in mail.body


def test_a_plain_member_cannot_write_on_the_organisations_behalf(
    plain_member: Any, organisation: Any, volunteer: Any
) -> None:
    with pytest.raises(PermissionDenied):
        start_conversation_from_organisation(
            plain_member, organisation, volunteer, subject=SUBJECT, body=BODY
        )

    assert Conversation.objects.count() == 0


def test_an_unverified_organisation_cannot_write_first(
    outsider: Any, unverified_organisation: Any, volunteer: Any
) -> None:
    with pytest.raises(ActionRefused, match="vérifiée"):
        start_conversation_from_organisation(
            outsider, unverified_organisation, volunteer, subject=SUBJECT, body=BODY
        )


def test_managers_do_not_write_to_their_own_members_this_way(
    association_admin: Any, organisation: Any, plain_member: Any
) -> None:
    with pytest.raises(ActionRefused, match="membre de votre organisation"):
        start_conversation_from_organisation(
            association_admin, organisation, plain_member, subject=SUBJECT, body=BODY
        )


def test_an_action_of_another_organisation_is_refused(
    association_admin: Any, organisation: Any, volunteer: Any, outsider: Any, staff: Any
) -> None:
    from entraide.messaging.tests.conftest import _organisation
    from entraide.organisations.services import verify_organisation

    other = verify_organisation(staff, _organisation(outsider, organisation.commune, "Autre"))
    foreign_action = make_action(outsider, other)

    with pytest.raises(ActionRefused, match="n’est pas organisée par votre organisation"):
        start_conversation_from_organisation(
            association_admin, organisation, volunteer, subject=SUBJECT, body=BODY,
            action=foreign_action,
        )  # fmt: skip


def test_an_inactive_person_cannot_be_contacted(association_admin: Any, organisation: Any) -> None:
    gone = UserFactory(is_active=False)

    with pytest.raises(ActionRefused, match="ne peut plus être contactée"):
        start_conversation_from_organisation(
            association_admin, organisation, gone, subject=SUBJECT, body=BODY
        )


def test_organisation_may_open_at_most_thirty_conversations_an_hour(
    association_admin: Any, co_admin: Any, organisation: Any
) -> None:
    people = UserFactory.create_batch(ORGANISATION_CONVERSATIONS_PER_HOUR + 1)
    # Both admins share the organisation's allowance: 15 each.
    for index, person in enumerate(people[:-1]):
        writer = association_admin if index % 2 else co_admin
        start_conversation_from_organisation(
            writer, organisation, person, subject=SUBJECT, body=BODY
        )

    with pytest.raises(ActionRefused, match="déjà contacté 30 personnes"):
        start_conversation_from_organisation(
            association_admin, organisation, people[-1], subject=SUBJECT, body=BODY
        )

    assert Conversation.objects.count() == ORGANISATION_CONVERSATIONS_PER_HOUR


def test_organisation_limit_counts_only_the_last_hour(
    association_admin: Any, co_admin: Any, organisation: Any, volunteer: Any
) -> None:
    for index, person in enumerate(UserFactory.create_batch(ORGANISATION_CONVERSATIONS_PER_HOUR)):
        writer = association_admin if index % 2 else co_admin
        start_conversation_from_organisation(
            writer, organisation, person, subject=SUBJECT, body=BODY
        )
    Conversation.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    conversation = start_conversation_from_organisation(
        association_admin, organisation, volunteer, subject=SUBJECT, body=BODY
    )

    assert conversation.person == volunteer


def test_conversations_opened_by_an_organisation_do_not_count_against_the_person(
    association_admin: Any, organisation: Any, volunteer: Any, write_to: Any
) -> None:
    for _ in range(10):
        start_conversation_from_organisation(
            association_admin, organisation, volunteer, subject=SUBJECT, body=BODY
        )
        Message.objects.update(created_at=timezone.now() - timedelta(minutes=11))

    conversation = write_to(organisation)

    assert conversation.started_by == Side.PERSON
