"""iCalendar for slots: the .ics attached to confirmations, the downloads and the feeds.
Times are written in UTC, which every calendar converts back to local time correctly across the
daylight-saving change. An event's UID is its slot's (a subscribed calendar replaces the event it
already shows instead of adding it again) and its DTSTAMP is when the action or its organisation
last changed, so the same rows give the same bytes (the feeds' ETag, calendar_feeds.py)."""

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from icalendar import Calendar, Event

from entraide.actions.enums import ActionStatus
from entraide.actions.models import Slot


def slot_uid(slot: Slot) -> str:
    return f"slot-{slot.pk}@entraide"


def slot_event(slot: Slot) -> Event:
    action = slot.action
    event = Event()
    event.add("uid", slot_uid(slot))
    # RFC 5545: without a METHOD, DTSTAMP is when the event's information was last revised.
    event.add("dtstamp", max(action.updated_at, action.organisation.updated_at).astimezone(UTC))
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    event.add("summary", action.title)
    event.add("description", f"{action.organisation.name}\n\n{action.description[:1500]}")
    event.add("url", f"{settings.SITE_URL}{action.get_absolute_url()}")
    if action.is_remote:
        event.add("location", action.stream_url or "En ligne")
    else:
        event.add(
            "location", ", ".join(p for p in [action.street_address, action.commune.name] if p)
        )
        if action.latitude is not None:
            event.add("geo", (action.latitude, action.longitude))
    event.add("status", "CANCELLED" if action.status == ActionStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_of(slots: Iterable[Slot], *, name: str, description: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//entraide//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for slot in slots:
        calendar.add_component(slot_event(slot))
    return calendar.to_ical()
