import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import calendar_feeds, services
from entraide.actions.models import CalendarFeed
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.models import AuditEntry
from entraide.organisations.services import reject_organisation
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TERRITORY_FEED = "/saint-dizier/agenda.ics"


def summaries(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def last_sunday_of_october_ahead() -> dt.date:
    """The next autumn change to winter time that is still to come."""
    year = timezone.localdate().year
    while True:
        day = dt.date(year, 10, 31)
        day -= dt.timedelta(days=(day.weekday() + 1) % 7)
        if day > timezone.localdate() + dt.timedelta(days=7):
            return day
        year += 1


def personal_feed_url(feed: CalendarFeed) -> str:
    return reverse("actions:personal_feed", args=[feed.token])


# --- Territory and organisation feeds ------------------------------------------------------


def test_territory_feed_lists_published_actions_and_parses(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Chantier au jardin")

    response = client.get(TERRITORY_FEED)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries(response) == ["Chantier au jardin"]


def test_territory_feed_leaves_out_drafts_and_unverified_organisations(
    client, association_admin, organisation, saint_dizier
):
    make_action(association_admin, organisation, title="Publiée")
    make_action(association_admin, organisation, title="Brouillon", publish=False)
    pending = make_organisation(association_admin, saint_dizier, name="Pas encore vérifiée")
    make_action(association_admin, pending, title="Non vérifiée", publish=False)

    assert summaries(client.get(TERRITORY_FEED)) == ["Publiée"]


def test_territory_feed_drops_actions_when_verification_is_withdrawn(
    client, association_admin, organisation, staff
):
    make_action(association_admin, organisation, title="Publiée")

    reject_organisation(staff, organisation, reason="Association dissoute")

    assert summaries(client.get(TERRITORY_FEED)) == []


def test_territory_feed_leaves_out_other_territories(client, association_admin, organisation):
    from entraide.territories.tests.factories import CommuneFactory

    paris = CommuneFactory(insee_code="75111", name="Paris 11e", latitude=48.85, longitude=2.38)
    make_action(association_admin, organisation, title="Ailleurs", commune=paris)
    make_action(association_admin, organisation, title="Ici")

    assert summaries(client.get(TERRITORY_FEED)) == ["Ici"]


def test_unknown_territory_feed_is_404(client):
    assert client.get("/nulle-part/agenda.ics").status_code == 404


def test_public_feeds_may_be_cached_for_five_minutes(client, territory, organisation):
    for url in (TERRITORY_FEED, f"/organisations/{organisation.slug}/agenda.ics"):
        response = client.get(url)
        assert "max-age=300" in response["Cache-Control"]
        assert "public" in response["Cache-Control"]


def test_feed_keeps_18h_local_across_the_change_to_winter_time(
    client, association_admin, organisation
):
    change = last_sunday_of_october_ahead()
    action = make_action(association_admin, organisation, publish=False, slots=0)
    for day in (change - dt.timedelta(days=3), change + dt.timedelta(days=3)):
        start = dt.datetime.combine(day, dt.time(18), PARIS)
        services.add_slot(association_admin, action, starts_at=start,
                          ends_at=start + dt.timedelta(hours=2), capacity=None)  # fmt: skip
    services.publish_action(association_admin, action)

    calendar = Calendar.from_ical(client.get(TERRITORY_FEED).content)

    starts = sorted(event.decoded("dtstart") for event in calendar.walk("VEVENT"))
    local = [start.astimezone(PARIS) for start in starts]
    assert [(s.date(), s.time()) for s in local] == [
        (change - dt.timedelta(days=3), dt.time(18)),
        (change + dt.timedelta(days=3), dt.time(18)),
    ]
    # Summer then winter time: the same local hour is a different UTC hour.
    assert [s.utcoffset() for s in local] == [dt.timedelta(hours=2), dt.timedelta(hours=1)]


def test_organisation_feed_lists_only_its_own_actions(
    client, association_admin, organisation, saint_dizier, staff
):
    other = make_organisation(association_admin, saint_dizier, name="Autre", verified_by=staff)
    make_action(association_admin, organisation, title="Les nôtres")
    make_action(association_admin, other, title="Les leurs")

    response = client.get(f"/organisations/{organisation.slug}/agenda.ics")

    assert response.status_code == 200
    assert summaries(response) == ["Les nôtres"]


def test_unverified_organisation_feed_is_404_even_for_its_owner(
    client, association_admin, saint_dizier
):
    pending = make_organisation(association_admin, saint_dizier, name="En attente")
    client.force_login(association_admin)

    assert client.get(f"/organisations/{pending.slug}/agenda.ics").status_code == 404


def test_territory_feed_query_count_does_not_grow_with_slots(
    client, association_admin, organisation
):
    make_action(association_admin, organisation, slots=1)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(TERRITORY_FEED)
    make_action(association_admin, organisation, slots=2)
    cache.clear()  # both requests read the territory's communes afresh
    with CaptureQueriesContext(connection) as three:
        response = client.get(TERRITORY_FEED)

    assert len(summaries(response)) == 3
    assert len(three) == len(one)


# --- The personal feed ---------------------------------------------------------------------


def test_personal_feed_lists_my_upcoming_participations(
    client, association_admin, organisation, volunteer, outsider
):
    mine = first_slot(make_action(association_admin, organisation, title="J’y vais"))
    waiting = first_slot(
        make_action(association_admin, organisation, title="En attente", capacity=1)
    )
    services.join_slot(volunteer, mine)
    services.join_slot(outsider, waiting)
    services.join_slot(volunteer, waiting)
    make_action(association_admin, organisation, title="Pas inscrite")
    feed = calendar_feeds.enable_calendar_feed(volunteer)

    response = client.get(personal_feed_url(feed))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert summaries(response) == ["En attente", "J’y vais"]
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_personal_feed_leaves_out_cancelled_participations(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    services.cancel_participation(volunteer, participation, reason="illness")
    feed = calendar_feeds.enable_calendar_feed(volunteer)

    assert summaries(client.get(personal_feed_url(feed))) == []


def test_personal_feed_needs_the_right_token(client, volunteer):
    calendar_feeds.enable_calendar_feed(volunteer)

    assert client.get("/agenda/prive/mauvais-jeton.ics").status_code == 404


def test_renewing_the_feed_makes_the_old_url_404(client, volunteer):
    old = calendar_feeds.enable_calendar_feed(volunteer)
    old_url = personal_feed_url(old)

    new = calendar_feeds.renew_calendar_feed(volunteer)

    assert new.token != old.token
    assert client.get(old_url).status_code == 404
    assert client.get(personal_feed_url(new)).status_code == 200


def test_disabling_the_feed_makes_its_url_404(client, volunteer):
    feed = calendar_feeds.enable_calendar_feed(volunteer)

    calendar_feeds.disable_calendar_feed(volunteer)

    assert client.get(personal_feed_url(feed)).status_code == 404
    assert not CalendarFeed.objects.filter(person=volunteer).exists()


def test_enabling_twice_keeps_the_same_url(volunteer):
    first = calendar_feeds.enable_calendar_feed(volunteer)

    again = calendar_feeds.enable_calendar_feed(volunteer)

    assert again.token == first.token
    assert len(first.token) >= 40


def test_feed_changes_are_audited_without_the_token(volunteer):
    feed = calendar_feeds.enable_calendar_feed(volunteer)
    calendar_feeds.renew_calendar_feed(volunteer)
    calendar_feeds.disable_calendar_feed(volunteer)

    entries = AuditEntry.objects.filter(action__startswith="actions.calendar_feed.")
    assert list(entries.order_by("pk").values_list("action", flat=True)) == [
        "actions.calendar_feed.enabled",
        "actions.calendar_feed.renewed",
        "actions.calendar_feed.disabled",
    ]
    assert all(feed.token not in str(entry.data) for entry in entries)


def test_personal_feed_of_a_deactivated_person_is_404(client, volunteer):
    feed = calendar_feeds.enable_calendar_feed(volunteer)
    volunteer.is_active = False
    volunteer.save(update_fields=["is_active"])

    assert client.get(personal_feed_url(feed)).status_code == 404


# --- The settings page ---------------------------------------------------------------------

SETTINGS = "/mon-agenda/flux/"


def test_feed_settings_needs_login(client):
    response = client.get(SETTINGS)

    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_feed_settings_creates_then_shows_the_secret_url(client, volunteer):
    client.force_login(volunteer)

    response = client.post(SETTINGS, {"operation": "enable"})

    assert response.status_code == 302
    feed = CalendarFeed.objects.get(person=volunteer)
    page = client.get(SETTINGS).content.decode()
    assert f"http://testserver/agenda/prive/{feed.token}.ics" in page


def test_feed_settings_renew_replaces_the_url(client, volunteer):
    old = calendar_feeds.enable_calendar_feed(volunteer)
    client.force_login(volunteer)

    client.post(SETTINGS, {"operation": "renew"})

    new = CalendarFeed.objects.get(person=volunteer)
    assert new.token != old.token
    assert client.get(personal_feed_url(old)).status_code == 404


def test_feed_settings_disable_removes_the_feed(client, volunteer):
    calendar_feeds.enable_calendar_feed(volunteer)
    client.force_login(volunteer)

    client.post(SETTINGS, {"operation": "disable"})

    assert not CalendarFeed.objects.filter(person=volunteer).exists()


def test_feed_settings_never_shows_someone_elses_url(client, volunteer, outsider):
    feed = calendar_feeds.enable_calendar_feed(volunteer)
    client.force_login(outsider)

    page = client.get(SETTINGS).content.decode()

    assert feed.token not in page


def test_feed_settings_unknown_operation_changes_nothing(client, volunteer):
    feed = calendar_feeds.enable_calendar_feed(volunteer)
    client.force_login(volunteer)

    response = client.post(SETTINGS, {"operation": "explode"}, follow=True)

    assert CalendarFeed.objects.get(person=volunteer).token == feed.token
    assert "Action inconnue" in response.content.decode()


def test_feed_settings_anonymous_post_changes_nothing(client):
    response = client.post(SETTINGS, {"operation": "enable"})

    assert response.status_code == 302
    assert CalendarFeed.objects.count() == 0


def test_two_people_get_different_tokens():
    first = calendar_feeds.enable_calendar_feed(UserFactory())
    second = calendar_feeds.enable_calendar_feed(UserFactory())

    assert first.token != second.token
