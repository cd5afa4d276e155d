from typing import Any

import pytest
from django.urls import reverse

from entraide.actions.tests.factories import first_slot, make_action
from entraide.messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db

VALID = {
    "subject": "Bénévolat le samedi",
    "body": "Bonjour, je peux aider à la distribution le samedi matin.",
}


def contact_url(organisation: Any) -> str:
    return reverse("messaging:contact", args=[organisation.slug])


def test_contact_form_is_shown_to_a_logged_in_person(
    client: Any, volunteer: Any, organisation: Any
) -> None:
    client.force_login(volunteer)

    response = client.get(contact_url(organisation))

    assert response.status_code == 200
    assert "Contacter Les Restos du Cœur" in response.text
    assert 'name="subject"' in response.text
    assert 'name="body"' in response.text


def test_contact_creates_the_conversation_and_its_first_message(
    client: Any, volunteer: Any, organisation: Any
) -> None:
    client.force_login(volunteer)

    response = client.post(contact_url(organisation), VALID)

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("messaging:conversation", args=[conversation.pk])
    assert (conversation.organisation, conversation.person, conversation.subject) == (
        organisation,
        volunteer,
        "Bénévolat le samedi",
    )
    message = Message.objects.get()
    assert (message.conversation, message.sender, message.from_organisation, message.body) == (
        conversation,
        volunteer,
        False,
        VALID["body"],
    )
    assert conversation.last_message_at == message.created_at


def test_contact_emails_every_manager_with_name_subject_text_and_link(
    client: Any,
    volunteer: Any,
    association_admin: Any,
    co_admin: Any,
    plain_member: Any,
    organisation: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(volunteer)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url(organisation), VALID)

    conversation = Conversation.objects.get()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["alex@example.org", "jeanne@example.org"]
    mail = next(mail for mail in mailoutbox if mail.to == ["alex@example.org"])
    assert (
        mail.subject == "[entraide] Nouveau message pour Les Restos du Cœur : Bénévolat le samedi"
    )
    assert "Camille D." in mail.body
    assert "Bénévolat le samedi" in mail.body
    assert VALID["body"] in mail.body
    assert f"https://entraide.example/messages/{conversation.pk}/" in mail.body


def test_contact_email_never_reveals_the_senders_address(
    client: Any,
    volunteer: Any,
    association_admin: Any,
    organisation: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(volunteer)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url(organisation), VALID)

    assert len(mailoutbox) == 1
    raw = mailoutbox[0].message().as_string()
    assert "camille@example.org" not in raw
    assert mailoutbox[0].reply_to == []


def test_contact_redirects_anonymous_visitors_to_login(client: Any, organisation: Any) -> None:
    url = contact_url(organisation)

    response = client.post(url, VALID)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "ab", "body": VALID["body"]}, "subject"),
        ({"subject": "x" * 151, "body": VALID["body"]}, "subject"),
        ({"subject": VALID["subject"], "body": "Trop court"[:9]}, "body"),
        ({"subject": VALID["subject"], "body": "x" * 5001}, "body"),
        ({"subject": "   ", "body": VALID["body"]}, "subject"),
    ],
)
def test_contact_with_invalid_input_shows_the_error_next_to_the_field_and_saves_nothing(
    client: Any,
    volunteer: Any,
    organisation: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    data: dict[str, str],
    field: str,
) -> None:
    client.force_login(volunteer)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(organisation), data)

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert list(response.context["form"].errors) == [field]
    assert Conversation.objects.count() == 0
    assert Message.objects.count() == 0
    assert mailoutbox == []


def test_contact_an_unverified_organisation_is_not_found(
    client: Any, volunteer: Any, unverified_organisation: Any
) -> None:
    client.force_login(volunteer)

    assert client.get(contact_url(unverified_organisation)).status_code == 404
    assert client.post(contact_url(unverified_organisation), VALID).status_code == 404
    assert Conversation.objects.count() == 0


def test_contact_an_unverified_organisation_is_not_found_even_for_its_owner(
    client: Any, outsider: Any, unverified_organisation: Any
) -> None:
    client.force_login(outsider)

    assert client.get(contact_url(unverified_organisation)).status_code == 404


def test_contact_an_unknown_organisation_is_not_found(client: Any, volunteer: Any) -> None:
    client.force_login(volunteer)

    assert client.get(reverse("messaging:contact", args=["inconnue"])).status_code == 404


def test_member_cannot_contact_their_own_organisation(
    client: Any, plain_member: Any, organisation: Any
) -> None:
    client.force_login(plain_member)

    page = client.get(contact_url(organisation))
    response = client.post(contact_url(organisation), VALID)

    assert "Vous êtes membre de cette organisation" in page.text
    assert 'name="body"' not in page.text
    assert response.status_code == 200
    assert "Vous êtes membre de cette organisation" in response.text
    assert Conversation.objects.count() == 0


def test_owner_cannot_contact_their_own_organisation(
    client: Any, association_admin: Any, organisation: Any
) -> None:
    client.force_login(association_admin)

    client.post(contact_url(organisation), VALID)

    assert Conversation.objects.count() == 0


def test_contact_is_refused_after_ten_new_conversations_in_an_hour(
    client: Any, volunteer: Any, organisation: Any, write_to: Any
) -> None:
    for _ in range(10):
        write_to(organisation)
    client.force_login(volunteer)

    response = client.post(contact_url(organisation), VALID)

    assert response.status_code == 200
    assert "Vous avez déjà commencé 10 conversations" in response.text
    assert Conversation.objects.count() == 10


def test_contact_about_an_action_links_the_conversation_to_it(
    client: Any, volunteer: Any, association_admin: Any, organisation: Any
) -> None:
    action = make_action(association_admin, organisation, title="Collecte de printemps")
    slot = first_slot(action)
    url = contact_url(organisation)
    client.force_login(volunteer)

    page = client.get(url, {"creneau": slot.pk})
    client.post(
        f"{url}?creneau={slot.pk}",
        {"subject": "Question", "body": "Faut-il apporter des gants pour la collecte ?"},
    )

    assert "Collecte de printemps" in page.text
    conversation = Conversation.objects.get()
    assert (conversation.action, conversation.slot) == (action, slot)


@pytest.mark.parametrize("query", [{"action": "abc"}, {"creneau": "999999"}])
def test_contact_about_an_unknown_action_is_not_found(
    client: Any, volunteer: Any, organisation: Any, query: dict[str, str]
) -> None:
    client.force_login(volunteer)

    response = client.get(contact_url(organisation), query)

    assert response.status_code == 404
