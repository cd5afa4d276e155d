from datetime import UTC, timedelta

import pytest
from icalendar import Calendar

from entraide.actions import services
from entraide.actions.calendar import calendar_of, slot_uid
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db


def events_of(content: bytes) -> list:
    return Calendar.from_ical(content).walk("VEVENT")


def test_calendar_event_carries_the_slot_time_title_and_place(association_admin, organisation):
    action = make_action(
        association_admin, organisation, title="Chantier au jardin", street_address="3 rue Vaux"
    )
    slot = first_slot(action)

    (event,) = events_of(calendar_of([slot], name="Agenda"))

    assert str(event["summary"]) == "Chantier au jardin"
    assert event.decoded("dtstart") == slot.starts_at
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == slot.ends_at
    assert str(event["location"]) == "3 rue Vaux, Saint-Dizier"
    assert (event["geo"].latitude, event["geo"].longitude) == (action.latitude, action.longitude)
    assert str(event["status"]) == "CONFIRMED"


def test_calendar_uid_is_stable_per_slot(association_admin, organisation):
    action = make_action(association_admin, organisation, slots=2)
    slots = list(action.slots.order_by("starts_at"))

    first = [str(e["uid"]) for e in events_of(calendar_of(slots, name="Agenda"))]
    again = [str(e["uid"]) for e in events_of(calendar_of(slots, name="Agenda"))]

    assert first == again == [slot_uid(slots[0]), slot_uid(slots[1])]
    assert first[0] != first[1]


def test_calendar_names_itself(association_admin, organisation):
    slot = first_slot(make_action(association_admin, organisation))

    calendar = Calendar.from_ical(calendar_of([slot], name="Les Jardins partagés"))

    assert str(calendar["x-wr-calname"]) == "Les Jardins partagés"
    assert str(calendar["x-wr-timezone"]) == "Europe/Paris"


def test_cancelled_action_is_marked_cancelled(association_admin, organisation):
    action = make_action(association_admin, organisation)
    services.cancel_action(association_admin, action, reason="Tempête annoncée")
    slot = first_slot(action)

    (event,) = events_of(calendar_of([slot], name="Agenda"))

    assert str(event["status"]) == "CANCELLED"


def test_remote_action_has_no_geo_and_its_link_as_location(association_admin, organisation):
    action = make_action(
        association_admin, organisation, kind="broadcast", is_remote=True,
        stream_url="https://video.example.org/live",
    )  # fmt: skip

    (event,) = events_of(calendar_of([first_slot(action)], name="Agenda"))

    assert str(event["location"]) == "https://video.example.org/live"
    assert "geo" not in event


def test_calendar_times_are_utc_whatever_the_slot_timezone(association_admin, organisation):
    slot = first_slot(make_action(association_admin, organisation))

    (event,) = events_of(calendar_of([slot], name="Agenda"))

    assert event.decoded("dtstart").tzinfo is not None
    assert event.decoded("dtstart").astimezone(UTC) == slot.starts_at.astimezone(UTC)
    assert "DTSTART:" in calendar_of([slot], name="Agenda").decode()  # no TZID: plain UTC
