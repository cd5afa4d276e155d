"""Reporting content to the moderators; here, a message of a conversation."""

from typing import Any

import pytest
from django.urls import reverse

from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry
from entraide.messaging.models import Message
from entraide.messaging.services import reply, report_message
from entraide.moderation.enums import ReportStatus
from entraide.moderation.models import Report
from entraide.moderation.services import report_content

pytestmark = pytest.mark.django_db

ANSWER = "Merci, venez samedi à 9 h au local."


def report_url(message: Message) -> str:
    return reverse("messaging:report", args=[message.conversation_id, message.pk])


@pytest.fixture
def answer(conversation: Any, association_admin: Any) -> Message:
    return reply(association_admin, conversation, body=ANSWER)


def test_report_a_message_stores_an_open_report_for_the_moderators(
    client: Any, conversation: Any, volunteer: Any, answer: Message
) -> None:
    client.force_login(volunteer)
    form = client.get(report_url(answer))

    response = client.post(report_url(answer), {"reason": "Ce message est insultant."})

    report = Report.objects.get()
    assert form.status_code == 200
    assert response.status_code == 302
    assert (report.reporter, report.content, report.status) == (
        volunteer,
        answer,
        ReportStatus.OPEN,
    )
    assert report.reason == "Ce message est insultant."
    assert AuditEntry.objects.filter(action="moderation.report.created").count() == 1


def test_reporting_the_same_message_twice_is_refused(volunteer: Any, answer: Message) -> None:
    report_message(volunteer, answer, reason="Ce message est insultant.")
    with pytest.raises(ActionRefused):
        report_message(volunteer, answer, reason="Et il recommence.")

    assert Report.objects.get().reason == "Ce message est insultant."


def test_report_without_a_reason_shows_the_error(
    client: Any, conversation: Any, volunteer: Any, answer: Message
) -> None:
    client.force_login(volunteer)

    response = client.post(report_url(answer), {"reason": ""})

    assert response.status_code == 200
    assert 'id="id_reason_error"' in response.text
    assert Report.objects.count() == 0


def test_report_content_refuses_a_too_short_reason(volunteer: Any, answer: Message) -> None:
    with pytest.raises(ActionRefused) as refused:
        report_content(volunteer, answer, reason=" ? ")

    assert refused.value.field == "reason"
    assert Report.objects.count() == 0
