"""Messages, as a kind of content moderation knows (moderation/registry.py): registered in
`MessagingConfig.ready`. A hidden message stays in its thread as « masqué par la modération le
… ». A conversation with an organisation is moderated in the organisation's territory, a
personal one in the sender's."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from entraide.messaging import rules
from entraide.messaging.models import Message
from entraide.moderation.registry import ContentKind, register_content_kind
from entraide.territories.models import Territory


def _territory_id_of(message: Message) -> int | None:
    organisation = message.conversation.organisation
    commune_id: str | None
    if organisation is not None:
        commune_id = organisation.commune_id
    else:
        commune_id = message.sender.home_commune_id if message.sender else None
    if commune_id is None:
        return None
    return (
        Territory.communes.through.objects.filter(commune_id=commune_id)
        .order_by("territory_id")
        .values_list("territory_id", flat=True)
        .first()
    )


def _hide(message: Message, when: datetime) -> None:
    message.hidden_at = when
    message.save(update_fields=["hidden_at"])


def _restore(message: Message) -> None:
    message.hidden_at = None
    message.save(update_fields=["hidden_at"])


def _visible_to(viewer: Any, message: Message) -> bool:
    return message.hidden_at is None and rules.can_read_conversation(viewer, message.conversation)


def register() -> None:
    register_content_kind(
        ContentKind(
            key="messaging.message",
            model=Message,
            label=_("message"),
            territory_id_of=_territory_id_of,
            group_id_of=lambda message: None,
            author_id_of=lambda message: message.sender_id,
            excerpt_of=lambda message: message.body[:200],
            url_of=lambda message: (
                f"{message.conversation.get_absolute_url()}#message-{message.pk}"
            ),
            is_hidden=lambda message: message.hidden_at is not None,
            hide=_hide,
            restore=_restore,
            visible_to=_visible_to,
        )
    )
