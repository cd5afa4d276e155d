from typing import Any

import pytest
from django.urls import reverse

from entraide.messaging.models import Message
from entraide.messaging.services import reply

pytestmark = pytest.mark.django_db


def url_of(conversation: Any) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def test_person_reads_the_thread_signed_with_public_names(
    client: Any, conversation: Any, volunteer: Any, co_admin: Any
) -> None:
    reply(co_admin, conversation, body="Merci, venez samedi à 9 h au local.")
    client.force_login(volunteer)

    response = client.get(url_of(conversation))

    assert response.status_code == 200
    assert "<h1>Bénévolat le samedi</h1>" in response.text
    assert "Camille D." in response.text
    assert "Les Restos du Cœur" in response.text
    assert "Merci, venez samedi à 9 h au local." in response.text
    # The person sees the organisation, not which of its admins answered.
    assert "Jeanne" not in response.text
    assert "camille@example.org" not in response.text
    assert 'name="body"' in response.text


def test_manager_reads_the_thread_without_the_persons_address(
    client: Any, conversation: Any, association_admin: Any
) -> None:
    client.force_login(association_admin)

    response = client.get(url_of(conversation))

    assert response.status_code == 200
    assert "Camille D." in response.text
    assert "camille@example.org" not in response.text
    assert "Répondre au nom de Les Restos du Cœur" in response.text


@pytest.mark.parametrize("persona", ["outsider", "plain_member"])
def test_someone_else_cannot_read_or_answer_the_conversation(
    client: Any, conversation: Any, persona: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))

    page = client.get(url_of(conversation))
    answer = client.post(url_of(conversation), {"body": "Je m’invite dans la conversation."})

    assert (page.status_code, answer.status_code) == (404, 404)
    assert Message.objects.count() == 1


def test_anonymous_visitor_is_sent_to_login(client: Any, conversation: Any) -> None:
    response = client.get(url_of(conversation))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unknown_conversation_is_not_found(client: Any, volunteer: Any) -> None:
    client.force_login(volunteer)

    assert client.get(reverse("messaging:conversation", args=[999999])).status_code == 404


def test_manager_reply_is_sent_as_the_organisation_and_notifies_the_person(
    client: Any,
    conversation: Any,
    association_admin: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(association_admin)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url_of(conversation), {"body": "Merci, venez samedi à 9 h."})

    message = Message.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == f"{url_of(conversation)}#message-{message.pk}"
    assert (message.sender, message.from_organisation) == (association_admin, True)
    assert [mail.to for mail in mailoutbox] == [["camille@example.org"]]
    assert f"https://entraide.example{url_of(conversation)}" in mailoutbox[0].body
    assert "alex@example.org" not in mailoutbox[0].message().as_string()


def test_person_reply_is_signed_with_their_name(
    client: Any, conversation: Any, volunteer: Any
) -> None:
    client.force_login(volunteer)

    client.post(url_of(conversation), {"body": "Je viendrai avec un ami."})
    page = client.get(url_of(conversation))

    message = Message.objects.latest("pk")
    assert (message.sender, message.from_organisation) == (volunteer, False)
    assert page.text.count('class="conversation__mine"') == 2


def test_invalid_reply_shows_the_error_and_saves_nothing(
    client: Any, conversation: Any, volunteer: Any
) -> None:
    client.force_login(volunteer)

    response = client.post(url_of(conversation), {"body": "Court"})

    assert response.status_code == 200
    assert 'id="id_body_error"' in response.text
    assert Message.objects.count() == 1


def test_conversation_page_query_count_does_not_grow_with_the_thread(
    client: Any, conversation: Any, volunteer: Any, association_admin: Any, list_queries: Any
) -> None:
    def queries(count: int) -> int:
        return list_queries(
            lambda: client.get(url_of(conversation)),
            items=lambda page: page.text.count('id="message-'),
            expected=count,
        )

    client.force_login(volunteer)
    client.get(url_of(conversation))  # the first visit creates the read mark
    with_one = queries(1)
    reply(association_admin, conversation, body="Merci, venez samedi à 9 h.")
    reply(volunteer, conversation, body="Parfait, je serai là samedi.")

    assert queries(3) == with_one
