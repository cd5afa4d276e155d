"""Conversations between two people (mutual aid, issue 14): alice writes to bob, carol is a
third person who must not even learn the conversation exists. Nobody sees the other's e-mail
address: only their public name ("Alice L.") and the site's links."""

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from entraide.accounts.models import User
from entraide.community.services import block_person
from entraide.community.tests.factories import make_person
from entraide.core.exceptions import ActionRefused
from entraide.core.models import Notification
from entraide.messaging.models import Conversation, Message
from entraide.messaging.selectors import inbox_of
from entraide.messaging.services import (
    CONVERSATIONS_PER_HOUR,
    reply,
    start_personal_conversation,
)
from entraide.moderation.models import Report

pytestmark = pytest.mark.django_db

INBOX = reverse("messaging:inbox")
SUBJECT = "Courses pour Mme Martin"
BODY = "Bonjour, je peux faire les courses jeudi après-midi si cela vous aide."


@pytest.fixture
def alice(db: None) -> Any:
    return make_person("Alice")


@pytest.fixture
def bob(db: None) -> Any:
    return make_person("Bob")


@pytest.fixture
def carol(db: None) -> Any:
    return make_person("Carol")


@pytest.fixture
def talk(alice: Any, bob: Any) -> Conversation:
    """Alice answered Bob's request: their conversation, one message from her."""
    return start_personal_conversation(alice, bob, subject=SUBJECT, body=BODY)


def url_of(conversation: Conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


# --- Starting


def test_start_personal_conversation_opens_a_thread_between_the_two_people(
    alice: Any, bob: Any
) -> None:
    conversation = start_personal_conversation(alice, bob, subject=f"  {SUBJECT} ", body=BODY)

    assert (conversation.person, conversation.counterpart, conversation.organisation) == (
        alice,
        bob,
        None,
    )
    assert conversation.subject == SUBJECT
    assert [(m.sender, m.body, m.from_organisation) for m in conversation.messages.all()] == [
        (alice, BODY, False)
    ]
    assert conversation.last_message_at == conversation.messages.get().created_at


def test_start_personal_conversation_tells_the_other_person_by_name_and_link_only(
    alice: Any, bob: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        conversation = start_personal_conversation(alice, bob, subject=SUBJECT, body=BODY)

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.url) == (
        bob,
        "messaging.person_wrote",
        url_of(conversation),
    )
    (mail,) = mailoutbox
    assert mail.to == [bob.email]
    assert mail.subject.endswith(f"Alice L. vous écrit : {SUBJECT}")
    assert f"https://entraide.example{url_of(conversation)}" in mail.body
    assert alice.email not in mail.subject + mail.body


def test_writing_again_under_the_same_subject_continues_the_pair_s_conversation(
    talk: Conversation, alice: Any, bob: Any
) -> None:
    again = start_personal_conversation(alice, bob, subject=SUBJECT, body="Et samedi aussi ?")
    from_bob = start_personal_conversation(bob, alice, subject=SUBJECT, body="Merci beaucoup !")

    assert again == from_bob == talk
    assert list(talk.messages.values_list("sender", flat=True)) == [alice.pk, alice.pk, bob.pk]
    talk.refresh_from_db()
    assert talk.last_message_at == talk.messages.last().created_at  # type: ignore[union-attr]


def test_another_subject_opens_another_conversation(
    talk: Conversation, alice: Any, bob: Any
) -> None:
    other = start_personal_conversation(alice, bob, subject="Arrosage des plantes", body=BODY)

    assert other != talk
    assert Conversation.objects.count() == 2


def test_start_personal_conversation_refuses_writing_to_oneself(alice: Any) -> None:
    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, alice, subject=SUBJECT, body=BODY)

    assert refusal.value.message == "Vous ne pouvez pas vous écrire à vous-même."
    assert Conversation.objects.count() == 0


def test_start_personal_conversation_refuses_a_closed_account(alice: Any, bob: Any) -> None:
    bob.is_active = False
    bob.save(update_fields=["is_active"])

    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, bob, subject=SUBJECT, body=BODY)

    assert refusal.value.message == "Cette personne ne peut plus être contactée."


@pytest.mark.parametrize("blocker", ["alice", "bob"])
def test_start_personal_conversation_refuses_when_either_blocked_the_other(
    alice: Any, bob: Any, blocker: str
) -> None:
    if blocker == "alice":
        block_person(alice, bob)
    else:
        block_person(bob, alice)

    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, bob, subject=SUBJECT, body=BODY)

    assert refusal.value.message == (
        "Vous ne pouvez pas écrire à Bob L. : l’un de vous a bloqué l’autre."
    )
    assert Conversation.objects.count() == 0


def test_start_personal_conversation_cleans_its_texts(alice: Any, bob: Any) -> None:
    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, bob, subject="ok", body=BODY)
    assert refusal.value.field == "subject"

    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, bob, subject=SUBJECT, body="  court  ")
    assert refusal.value.field == "body"


def test_start_personal_conversation_counts_in_the_hourly_limit_of_openings(
    alice: Any, bob: Any
) -> None:
    for n in range(CONVERSATIONS_PER_HOUR):
        start_personal_conversation(alice, bob, subject=f"Demande numéro {n}", body=BODY)

    with pytest.raises(ActionRefused) as refusal:
        start_personal_conversation(alice, bob, subject="Une de trop", body=BODY)

    assert "conversations au cours de la dernière heure" in refusal.value.message
    # Continuing one of them is not an opening.
    start_personal_conversation(alice, bob, subject="Demande numéro 0", body=BODY)


def test_a_conversation_has_an_organisation_or_a_counterpart_never_both(
    talk: Conversation, organisation: Any
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.filter(pk=talk.pk).update(organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.filter(pk=talk.pk).update(counterpart=None)


# --- Inbox


def test_inbox_lists_the_conversation_on_both_sides_under_the_other_s_name(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    for viewer, other in ((alice, bob), (bob, alice)):
        client.force_login(viewer)

        response = client.get(INBOX)

        assert list(response.context["page_obj"]) == [talk]
        assert url_of(talk) in response.text
        assert f"Avec {other.public_name}" in response.text
        assert other.email not in response.text


def test_inbox_counts_unread_messages_of_the_other_person_only(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    assert [c.unread for c in inbox_of(bob)] == [1]
    assert [c.unread for c in inbox_of(alice)] == [0]

    client.force_login(bob)
    client.get(url_of(talk))
    reply(bob, talk, body="Avec plaisir, jeudi vers 15 h ?")

    assert [c.unread for c in inbox_of(bob)] == [0]
    assert [c.unread for c in inbox_of(alice)] == [1]


def test_inbox_shows_personal_and_organisation_conversations_side_by_side(
    talk: Conversation, bob: Any, organisation: Any, write_to: Any
) -> None:
    with_organisation = write_to(organisation, author=bob)

    assert list(inbox_of(bob)) == [with_organisation, talk]


def test_inbox_query_count_does_not_grow_with_personal_conversations(
    client: Any, alice: Any, bob: Any, carol: Any, list_queries: Any
) -> None:
    def queries(count: int) -> int:
        return list_queries(
            lambda: client.get(INBOX),
            items=lambda response: len(response.context["page_obj"]),
            expected=count,
        )

    client.force_login(bob)
    start_personal_conversation(alice, bob, subject=SUBJECT, body=BODY)
    with_one = queries(1)

    start_personal_conversation(carol, bob, subject=SUBJECT, body=BODY)
    start_personal_conversation(bob, make_person("Dan"), subject=SUBJECT, body=BODY)

    assert queries(3) == with_one


# --- The conversation page


def test_both_people_read_the_conversation_under_public_names_only(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    reply(bob, talk, body="Merci Alice, jeudi me va très bien.")
    for viewer, other in ((alice, bob), (bob, alice)):
        client.force_login(viewer)

        response = client.get(url_of(talk))

        assert response.status_code == 200
        assert f"Conversation avec {other.public_name}." in response.text
        assert other.email not in response.text
        assert reverse("community:block", args=[other.pk]) in response.text
        assert "Bloquer cette personne" in response.text


def test_a_third_person_gets_a_404_on_every_page_of_the_conversation(
    client: Any, talk: Conversation, carol: Any, volunteer: Any
) -> None:
    message = talk.messages.get()
    urls = [
        url_of(talk),
        reverse("messaging:report", args=[talk.pk, message.pk]),
    ]
    for outsider in (carol, volunteer):
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404
        response = client.post(url_of(talk), {"body": "Je m’invite dans la conversation."})
        assert response.status_code == 404
    assert talk.messages.count() == 1


def test_anonymous_visitors_are_sent_to_login(client: Any, talk: Conversation) -> None:
    response = client.get(url_of(talk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_organisation_blocks_do_not_apply_to_a_personal_conversation(
    client: Any, talk: Conversation, alice: Any
) -> None:
    client.force_login(alice)
    for name in ("messaging:block", "messaging:unblock"):
        assert client.post(reverse(name, args=[talk.pk])).status_code == 404


def test_each_person_replies_and_the_other_is_told(
    client: Any,
    talk: Conversation,
    alice: Any,
    bob: Any,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailoutbox.clear()
    for writer, reader, body in (
        (bob, alice, "Merci, jeudi 15 h devant la pharmacie ?"),
        (alice, bob, "Parfait, à jeudi devant la pharmacie."),
    ):
        client.force_login(writer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url_of(talk), {"body": body})

        message = talk.messages.last()
        assert message is not None
        assert (message.sender, message.body, message.from_organisation) == (writer, body, False)
        assert response.url == f"{url_of(talk)}#message-{message.pk}"
        assert Notification.objects.filter(recipient=reader, kind="messaging.new_reply").exists()
        mail = mailoutbox[-1]
        assert mail.to == [reader.email]
        assert f"{writer.public_name} vous a répondu" in mail.body
        assert writer.email not in mail.subject + mail.body
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("blocker", ["alice", "bob"])
def test_a_reply_is_refused_once_either_blocked_the_other(
    client: Any, talk: Conversation, alice: Any, bob: Any, blocker: str
) -> None:
    if blocker == "alice":
        block_person(alice, bob)
    else:
        block_person(bob, alice)
    client.force_login(bob)

    page = client.get(url_of(talk))
    response = client.post(url_of(talk), {"body": "Je réponds quand même à ce message."})

    assert "L’un de vous a bloqué l’autre" in page.text
    assert 'id="repondre"' not in page.text
    assert response.status_code == 200
    assert "L’un de vous a bloqué l’autre" in response.text
    assert response.context["form"].errors == {
        "__all__": ["Vous ne pouvez pas écrire à Alice L. : l’un de vous a bloqué l’autre."]
    }
    assert talk.messages.count() == 1
    with pytest.raises(ActionRefused):
        reply(alice, talk, body="Et moi non plus je ne peux pas ?")


def test_the_other_person_can_reach_community_s_block_page(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    client.force_login(bob)

    assert client.get(reverse("community:block", args=[alice.pk])).status_code == 200
    client.post(reverse("community:block", args=[alice.pk]))

    assert (
        client.post(url_of(talk), {"body": "Un dernier mot avant le blocage."}).status_code == 200
    )
    assert talk.messages.count() == 1


def test_a_person_reports_the_other_s_message_but_not_their_own(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    message = talk.messages.get()
    report_url = reverse("messaging:report", args=[talk.pk, message.pk])

    client.force_login(alice)
    own = client.get(report_url)
    client.force_login(bob)
    page = client.get(url_of(talk))
    response = client.post(report_url, {"reason": "Ce message me propose un démarchage."})

    assert own.status_code == 302
    assert report_url in page.text
    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_a_reply_counts_as_the_message_of_its_writer(talk: Conversation, bob: Any) -> None:
    message = reply(bob, talk, body="Merci, à jeudi alors !")

    assert Message.objects.filter(conversation=talk, sender=bob).get() == message


def test_admin_shows_a_personal_conversation_read_only(
    client: Any, talk: Conversation, alice: Any, bob: Any
) -> None:
    superuser = User.objects.create_superuser(
        email="admin@example.org", password="x", first_name="Admin"
    )
    client.force_login(superuser)

    listing = client.get(reverse("admin:messaging_conversation_changelist"))
    detail = client.get(reverse("admin:messaging_conversation_change", args=[talk.pk]))

    assert listing.status_code == 200
    assert SUBJECT in listing.text
    assert detail.status_code == 200
    assert BODY in detail.text
