"""Managers add slots one by one or as a weekly recurrence (organiser_views.slots)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from entraide.actions.models import Slot
from entraide.actions.tests.factories import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(association_admin, organisation):
    return make_action(association_admin, organisation, publish=False, slots=0)


@pytest.fixture
def manager_client(client, association_admin):
    client.force_login(association_admin)
    return client


def slot_data(day, start="18:00", end="20:00", capacity="12"):
    return {
        "add_slot": "1",
        "slot-day": day.isoformat(),
        "slot-start": start,
        "slot-end": end,
        "slot-capacity": capacity,
    }


def weekly_data(first_day, until, weekdays, start="18:00", end="20:00", capacity=""):
    return {
        "add_weekly": "1",
        "weekly-weekdays": [str(day) for day in weekdays],
        "weekly-start": start,
        "weekly-end": end,
        "weekly-first_day": first_day.isoformat(),
        "weekly-until": until.isoformat(),
        "weekly-capacity": capacity,
    }


def next_end_of_october():
    """15 October of the next year whose end-of-October change is still to come, so the four
    weeks from then hold it (the last Sunday of October falls between the 25th and the 31st)."""
    today = timezone.localdate()
    year = today.year if today < date(today.year, 10, 15) else today.year + 1
    return date(year, 10, 15)


def test_add_one_slot_in_local_time(manager_client, draft):
    day = timezone.localdate() + timedelta(days=10)

    response = manager_client.post(f"/actions/{draft.pk}/creneaux/", slot_data(day))

    slot = Slot.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(slot.starts_at).date() == day
    assert timezone.localtime(slot.starts_at).time() == time(18, 0)
    assert timezone.localtime(slot.ends_at).time() == time(20, 0)
    assert slot.capacity == 12


def test_slot_without_capacity_has_no_limit(manager_client, draft):
    day = timezone.localdate() + timedelta(days=3)

    manager_client.post(f"/actions/{draft.pk}/creneaux/", slot_data(day, capacity=""))

    assert Slot.objects.get().capacity is None


def at_local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def move_clock(monkeypatch, client, person, to):
    """The clock at `to`, and the person logged in again then (a session from the real now
    would have expired)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: to)
    client.force_login(person)


def test_slot_ending_when_it_starts_is_refused_next_to_the_end(manager_client, draft):
    day = timezone.localdate() + timedelta(days=3)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", slot_data(day, start="20:00", end="20:00")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert (
        '<p class="error" id="id_slot-end_error">Le créneau doit durer : '
        "l’heure de fin est celle du début.</p>" in body
    )
    assert Slot.objects.count() == 0


def test_a_night_slot_ending_before_its_start_ends_the_next_day_and_says_so(manager_client, draft):
    day = timezone.localdate() + timedelta(days=3)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", slot_data(day, start="23:00", end="01:00"), follow=True
    )

    slot = Slot.objects.get()
    assert (timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)) == (
        at_local(day, 23),
        at_local(day + timedelta(days=1), 1),
    )
    [said] = [str(message) for message in response.context["messages"]]
    assert said.startswith("Créneau ajouté ; il finit le lendemain, ")


def test_a_slot_that_already_started_today_is_refused_next_to_its_start(
    manager_client, draft, monkeypatch, association_admin
):
    today = timezone.localdate() + timedelta(days=20)
    move_clock(monkeypatch, manager_client, association_admin, at_local(today, 9, 45))

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", slot_data(today, start="06:00", end="07:00")
    )

    assert response.status_code == 200
    assert (
        '<p class="error" id="id_slot-start_error">Cette heure est passée : un créneau '
        "d’aujourd’hui commence après 09:45.</p>" in response.content.decode()
    )
    assert Slot.objects.count() == 0


def test_a_slot_later_today_is_accepted(manager_client, draft, monkeypatch, association_admin):
    today = timezone.localdate() + timedelta(days=20)
    move_clock(monkeypatch, manager_client, association_admin, at_local(today, 9, 45))

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", slot_data(today, start="10:00", end="12:00")
    )

    assert response.status_code == 302
    assert timezone.localtime(Slot.objects.get().starts_at) == at_local(today, 10)


def test_the_service_refuses_a_slot_starting_in_the_past(association_admin, draft):
    from entraide.actions import services
    from entraide.core.exceptions import ActionRefused

    now = timezone.now()
    with pytest.raises(ActionRefused) as refusal:
        services.add_slot(
            association_admin, draft, starts_at=now - timedelta(hours=1), ends_at=now,
            capacity=None,
        )  # fmt: skip

    assert refusal.value.field == "starts_at"
    assert Slot.objects.count() == 0


def test_a_weekly_night_slot_ends_each_next_day(manager_client, draft):
    first_day = timezone.localdate() + timedelta(days=7)
    until = first_day + timedelta(days=13)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/",
        weekly_data(first_day, until, weekdays=[first_day.weekday()], start="23:00", end="01:00"),
    )

    slots = list(Slot.objects.order_by("starts_at"))
    assert response.status_code == 302
    assert [timezone.localtime(slot.ends_at) for slot in slots] == [
        at_local(first_day + timedelta(days=1), 1),
        at_local(first_day + timedelta(days=8), 1),
    ]


def test_capacity_of_minus_one_is_refused_with_a_clear_message(manager_client, draft):
    day = timezone.localdate() + timedelta(days=3)

    response = manager_client.post(f"/actions/{draft.pk}/creneaux/", slot_data(day, capacity="-1"))

    body = response.content.decode()
    assert 'id="id_slot-capacity_error"' in body
    assert "Indiquez au moins 1 place, ou laissez vide pour ne pas limiter." in body
    assert Slot.objects.count() == 0


@pytest.mark.parametrize("day", ["2026-02-30", "demain", ""])
def test_malformed_date_is_refused_next_to_the_date(manager_client, draft, day):
    data = slot_data(timezone.localdate())
    data["slot-day"] = day

    response = manager_client.post(f"/actions/{draft.pk}/creneaux/", data)

    assert response.status_code == 200
    assert 'id="id_slot-day_error"' in response.content.decode()
    assert Slot.objects.count() == 0


def test_slot_in_the_past_is_refused(manager_client, draft):
    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", slot_data(timezone.localdate() - timedelta(days=1))
    )

    assert "Cette date est passée." in response.content.decode()
    assert Slot.objects.count() == 0


def test_weekly_recurrence_keeps_18h_local_across_the_october_change(manager_client, draft):
    first_day = next_end_of_october()
    until = first_day + timedelta(days=27)  # exactly four weeks

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", weekly_data(first_day, until, weekdays=[1, 3])
    )

    slots = list(Slot.objects.order_by("starts_at"))
    local_starts = [timezone.localtime(slot.starts_at) for slot in slots]
    utc_hours = {slot.starts_at.astimezone(timezone.UTC).hour for slot in slots}
    assert response.status_code == 302
    assert len(slots) == 8  # four Tuesdays and four Thursdays
    assert [start.weekday() for start in local_starts] == [1, 3] * 4
    assert {(start.hour, start.minute) for start in local_starts} == {(18, 0)}
    assert {timezone.localtime(slot.ends_at).hour for slot in slots} == {20}
    assert utc_hours == {16, 17}  # summer time, then winter time


def test_weekly_recurrence_shows_how_many_slots_were_added(manager_client, draft):
    first_day = timezone.localdate() + timedelta(days=1)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/",
        weekly_data(first_day, first_day + timedelta(days=13), weekdays=[0, 1, 2, 3, 4, 5, 6]),
        follow=True,
    )

    assert "14 créneaux ajoutés." in response.content.decode()
    assert Slot.objects.count() == 14


def test_weekly_recurrence_longer_than_a_year_is_refused(manager_client, draft):
    first_day = timezone.localdate() + timedelta(days=1)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/",
        weekly_data(first_day, first_day + timedelta(days=400), weekdays=[1]),
    )

    body = response.content.decode()
    assert 'id="id_weekly-until_error"' in body
    assert "Une répétition dure un an au plus." in body
    assert Slot.objects.count() == 0


def test_weekly_recurrence_beyond_the_slot_limit_is_refused(manager_client, draft):
    first_day = timezone.localdate() + timedelta(days=1)

    response = manager_client.post(
        f"/actions/{draft.pk}/creneaux/",
        weekly_data(first_day, first_day + timedelta(days=300), weekdays=range(7)),
    )

    assert "Cela ferait plus de 200 créneaux" in response.content.decode()
    assert Slot.objects.count() == 0


def test_weekly_recurrence_without_day_or_matching_date_is_refused(manager_client, draft):
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())

    no_day = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", weekly_data(monday, monday, weekdays=[])
    )
    no_match = manager_client.post(
        f"/actions/{draft.pk}/creneaux/", weekly_data(monday, monday, weekdays=[4])
    )

    assert "Cochez au moins un jour de la semaine." in no_day.content.decode()
    assert "Aucun de ces jours ne tombe dans la période choisie." in no_match.content.decode()
    assert Slot.objects.count() == 0


def test_slots_page_shows_places_taken_and_waiting(
    manager_client, association_admin, organisation, volunteer, outsider
):
    from entraide.actions import services
    from entraide.actions.tests.factories import first_slot

    action = make_action(association_admin, organisation, capacity=1)
    slot = first_slot(action)
    services.join_slot(volunteer, slot)
    services.join_slot(outsider, slot)

    body = manager_client.get(f"/actions/{action.pk}/creneaux/").content.decode()

    assert "1 / 1 place prise" in body
    assert "1 places" not in body
    assert "1 en attente" in body
    assert f'href="/actions/creneaux/{slot.pk}/"' in body
