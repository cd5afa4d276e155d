"""Requests and offers of mutual aid, as a kind of content moderation knows (moderation/
registry.py): registered in `AidConfig.ready`. Hidden, a request stays its author's (who reads
« masquée par la modération ») and leaves every list, reach and fan-out."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from entraide.aid import rules
from entraide.aid.models import AidRequest
from entraide.moderation.registry import ContentKind, register_content_kind
from entraide.territories.models import Territory


def _territory_id_of(request: AidRequest) -> int | None:
    return (
        Territory.communes.through.objects.filter(commune_id=request.commune_id)
        .order_by("territory_id")
        .values_list("territory_id", flat=True)
        .first()
    )


def _hide(request: AidRequest, when: datetime) -> None:
    request.hidden_at = when
    request.save(update_fields=["hidden_at"])


def _restore(request: AidRequest) -> None:
    request.hidden_at = None
    request.save(update_fields=["hidden_at"])


def _visible_to(viewer: Any, request: AidRequest) -> bool:
    if request.hidden_at is not None or rules.is_author(viewer, request):
        return request.hidden_at is None
    return rules.can_see_aid_request(viewer, request, rules.reach_of(viewer, request))


def register() -> None:
    register_content_kind(
        ContentKind(
            key="aid.request",
            model=AidRequest,
            label=_("demande ou proposition d’entraide"),
            territory_id_of=_territory_id_of,
            group_id_of=lambda request: None,
            author_id_of=lambda request: request.author_id,
            excerpt_of=lambda request: f"{request.title} — {request.text}"[:200],
            url_of=lambda request: request.get_absolute_url(),
            is_hidden=lambda request: request.hidden_at is not None,
            hide=_hide,
            restore=_restore,
            visible_to=_visible_to,
        )
    )
