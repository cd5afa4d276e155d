"""The action a visitor is joining, for the log-in and sign-up pages reached from « Je participe »
(allauth's pages know only the `next` address)."""

from django import template
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve

from entraide.actions import join_clicks, selectors
from entraide.actions.models import Slot

register = template.Library()


@register.simple_tag(takes_context=True)
def joining_slot(context: template.Context) -> Slot | None:
    """The slot of the « Je participe » that led here: the `next` address when it is a join
    page, else the click remembered in the session; only a slot the visitor may see."""
    request = context.get("request")
    if request is None:
        return None
    slot_id = _joined_slot_id(request.POST.get("next") or request.GET.get("next") or "")
    if slot_id is None:
        click = join_clicks.remembered_click(request)
        slot_id = click.slot_id if click is not None else None
    if slot_id is None:
        return None
    try:
        return selectors.access_slot(request.user, slot_id)
    except (Http404, PermissionDenied):
        return None


def _joined_slot_id(next_url: str) -> int | None:
    try:
        match = resolve(next_url.split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name != "actions:join":
        return None
    return int(match.kwargs["slot_id"])
