"""« Je participe » clicked before logging in, remembered in the session for a while, so that
coming back from log-in completes it without asking again. A person who signs up meanwhile has
it kept with their new account too (`services.keep_join_intent`): the session is lost when the
verification link opens on another device."""

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from entraide.actions.models import Slot

SESSION_KEY = "actions.join_intent"
MAX_AGE = timedelta(hours=2)


@dataclass(frozen=True)
class RememberedClick:
    slot_id: int
    companions: int


def remember_click(request: HttpRequest, slot: Slot, *, companions: int) -> None:
    request.session[SESSION_KEY] = {
        "slot": slot.pk,
        "companions": max(companions, 0),
        "at": timezone.now().timestamp(),
    }


def remembered_click(request: HttpRequest, *, pop: bool = False) -> RememberedClick | None:
    """The click remembered in this session if it is recent (taken out of it with `pop`)."""
    data = request.session.pop(SESSION_KEY, None) if pop else request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        slot_id = int(data["slot"])
        companions = max(int(data.get("companions", 0)), 0)
        age = timezone.now().timestamp() - float(data.get("at", 0))
    except (KeyError, TypeError, ValueError):
        return None
    if age > MAX_AGE.total_seconds():
        return None
    return RememberedClick(slot_id=slot_id, companions=companions)
