from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.messaging.enums import Side
from entraide.messaging.models import Conversation
from entraide.messaging.selectors import inbox_of

pytestmark = pytest.mark.django_db

INBOX = reverse("messaging:inbox")


def test_inbox_redirects_anonymous_visitors_to_login(client: Any) -> None:
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={INBOX}"


def test_inbox_without_conversation_shows_the_empty_state(client: Any, volunteer: Any) -> None:
    client.force_login(volunteer)

    response = client.get(INBOX)

    assert response.status_code == 200
    assert "Aucune conversation pour l’instant." in response.text


def test_inbox_shows_the_conversation_to_the_person_and_to_each_manager(
    client: Any, conversation: Any, volunteer: Any, association_admin: Any, co_admin: Any
) -> None:
    link = reverse("messaging:conversation", args=[conversation.pk])
    for person in (volunteer, association_admin, co_admin):
        client.force_login(person)

        response = client.get(INBOX)

        assert list(response.context["page_obj"]) == [conversation]
        assert link in response.text


def test_inbox_tells_from_which_side_the_user_sees_each_conversation(
    conversation: Any, volunteer: Any, association_admin: Any
) -> None:
    seen_by_volunteer: list[Any] = list(inbox_of(volunteer))
    seen_by_admin: list[Any] = list(inbox_of(association_admin))

    assert [c.side for c in seen_by_volunteer] == [Side.PERSON]
    assert [c.side for c in seen_by_admin] == [Side.ORGANISATION]


def test_inbox_of_a_person_who_also_manages_shows_both_sides_once_each(
    organisation: Any, association_admin: Any, staff: Any, saint_dizier: Any, write_to: Any
) -> None:
    """Alex manages the Restos and writes to another organisation: two rows, no duplicate."""
    from entraide.organisations.services import (
        OrganisationProfile,
        create_organisation,
        verify_organisation,
    )

    other = verify_organisation(
        staff,
        create_organisation(
            staff,
            OrganisationProfile(
                name="Jardin partagé",
                kind="association",
                short_description="Un jardin.",
                commune=saint_dizier,
            ),
        ),
    )
    received = write_to(organisation)
    sent = write_to(other, author=association_admin)

    seen: list[Any] = list(inbox_of(association_admin))
    rows = {(c.pk, c.side) for c in seen}

    assert rows == {(received.pk, Side.ORGANISATION), (sent.pk, Side.PERSON)}


def test_inbox_hides_conversations_from_outsiders_and_plain_members(
    client: Any, conversation: Any, outsider: Any, plain_member: Any
) -> None:
    for person in (outsider, plain_member):
        client.force_login(person)

        response = client.get(INBOX)

        assert list(response.context["page_obj"]) == []
        assert "Bénévolat le samedi" not in response.text


def test_inbox_lists_the_newest_conversation_first(
    organisation: Any, volunteer: Any, write_to: Any
) -> None:
    first = write_to(organisation, subject="Premier message")
    second = write_to(organisation, subject="Second message")

    assert list(inbox_of(volunteer)) == [second, first]


def test_inbox_pages_by_twenty(
    client: Any, volunteer: Any, organisation: Any, write_to: Any
) -> None:
    for _ in range(21):
        write_to(organisation)
        # Out of the rate limit's hour, so that one person can fill two pages.
        Conversation.objects.update(created_at=timezone.now() - timedelta(hours=2))
    client.force_login(volunteer)

    first = client.get(INBOX)
    second = client.get(INBOX, {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 1
    assert 'rel="next"' in first.text


def test_inbox_query_count_does_not_grow_with_conversations(
    client: Any,
    association_admin: Any,
    organisation: Any,
    write_to: Any,
    outsider: Any,
    list_queries: Any,
) -> None:
    def queries(count: int) -> int:
        return list_queries(
            lambda: client.get(INBOX),
            items=lambda response: len(response.context["page_obj"]),
            expected=count,
        )

    client.force_login(association_admin)
    write_to(organisation)
    with_one = queries(1)

    write_to(organisation, author=outsider)
    write_to(organisation, subject="Encore une question")

    assert queries(3) == with_one
