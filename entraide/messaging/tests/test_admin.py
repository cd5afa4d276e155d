from typing import Any

import pytest
from django.urls import reverse

from entraide.accounts.models import User

pytestmark = pytest.mark.django_db


def test_admin_shows_a_conversation_with_its_messages_read_only(
    client: Any, conversation: Any
) -> None:
    superuser = User.objects.create_superuser(
        email="admin@example.org", password="x", first_name="Admin"
    )
    client.force_login(superuser)

    listing = client.get(reverse("admin:messaging_conversation_changelist"))
    detail = client.get(reverse("admin:messaging_conversation_change", args=[conversation.pk]))

    assert listing.status_code == 200
    assert "Bénévolat le samedi" in listing.text
    assert detail.status_code == 200
    assert "Bonjour, je peux aider à la distribution le samedi matin." in detail.text
    assert 'name="messages-0-body"' not in detail.text
