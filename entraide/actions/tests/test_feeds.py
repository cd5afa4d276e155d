import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import calendar, calendar_feeds, services
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
    client, association_admin, organisation, monkeypatch
):
    change = last_sunday_of_october_ahead()
    # The change may be months ahead: a window reaching it.
    monkeypatch.setattr(calendar_feeds, "FEED_DAYS", (change - timezone.localdate()).days + 10)
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
    client, association_admin, organisation, list_queries
):
    def queries_for(count):
        cache.clear()  # both requests read the territory's communes afresh
        return list_queries(
            lambda: client.get(TERRITORY_FEED), items=lambda r: len(summaries(r)), expected=count
        )

    make_action(association_admin, organisation, slots=1)
    with_one = queries_for(1)
    make_action(association_admin, organisation, slots=2)
    assert queries_for(3) == with_one


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


# --- Bounded feeds and conditional requests ------------------------------------------------


def uids(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["uid"]) for event in calendar.walk("VEVENT")]


def test_territory_feed_holds_the_next_30_days_only(client, association_admin, organisation):
    make_action(
        association_admin, organisation, title="Dans dix jours", starts_in=dt.timedelta(days=10)
    )
    make_action(
        association_admin, organisation, title="Dans six semaines", starts_in=dt.timedelta(days=42)
    )

    assert summaries(client.get(TERRITORY_FEED)) == ["Dans dix jours"]


def test_territory_feed_holds_at_most_its_count_soonest_first(
    client, association_admin, organisation, monkeypatch
):
    monkeypatch.setattr(calendar_feeds, "FEED_EVENTS", 2)
    action = make_action(association_admin, organisation, slots=3)
    soonest = list(action.slots.order_by("starts_at"))[:2]

    response = client.get(TERRITORY_FEED)

    assert uids(response) == [calendar.slot_uid(slot) for slot in soonest]


def test_territory_feed_says_where_the_rest_of_the_agenda_is(client, territory):
    calendar_ = Calendar.from_ical(client.get(TERRITORY_FEED).content)

    assert str(calendar_["x-wr-caldesc"]) == (
        "Les créneaux des 30 prochains jours, 200 au plus. "
        "Tout le reste : http://127.0.0.1:8000/saint-dizier/agenda/"
    )


def test_organisation_feed_holds_the_next_30_days_and_points_to_its_page(
    client, association_admin, organisation
):
    make_action(association_admin, organisation, title="Bientôt", starts_in=dt.timedelta(days=3))
    make_action(association_admin, organisation, title="Plus tard", starts_in=dt.timedelta(days=45))

    response = client.get(f"/organisations/{organisation.slug}/agenda.ics")

    assert summaries(response) == ["Bientôt"]
    description = str(Calendar.from_ical(response.content)["x-wr-caldesc"])
    assert description.endswith(f"http://127.0.0.1:8000/organisations/{organisation.slug}/")


def test_unchanged_territory_feed_answers_304_to_its_etag(client, association_admin, organisation):
    make_action(association_admin, organisation)
    first = client.get(TERRITORY_FEED)

    again = client.get(TERRITORY_FEED, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "max-age=300" in again["Cache-Control"]


def test_unchanged_organisation_feed_answers_304_to_its_etag(
    client, association_admin, organisation
):
    make_action(association_admin, organisation)
    url = f"/organisations/{organisation.slug}/agenda.ics"
    first = client.get(url)

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_unchanged_territory_feed_answers_304_to_its_last_modified(
    client, association_admin, organisation
):
    make_action(association_admin, organisation)
    first = client.get(TERRITORY_FEED)

    again = client.get(TERRITORY_FEED, headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 304


def test_two_downloads_of_an_unchanged_feed_a_minute_apart_are_the_same_bytes(
    client, association_admin, organisation, monkeypatch
):
    make_action(association_admin, organisation, slots=2)
    first = client.get(TERRITORY_FEED).content
    a_minute_later = timezone.now() + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: a_minute_later)

    assert client.get(TERRITORY_FEED).content == first


def retitle(manager, action, title: str) -> None:
    details = services.ActionDetails(
        kind=action.kind, title=title, description=action.description, commune=action.commune
    )
    services.update_action(manager, action, details)


def test_feed_is_sent_again_after_an_action_is_edited(client, association_admin, organisation):
    action = make_action(association_admin, organisation, title="Avant")
    first = client.get(TERRITORY_FEED)
    retitle(association_admin, action, "Après")

    again = client.get(
        TERRITORY_FEED,
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )

    assert again.status_code == 200
    assert summaries(again) == ["Après"]
    assert again["ETag"] != first["ETag"]


def test_feed_is_sent_again_after_a_slot_is_added(client, association_admin, organisation):
    action = make_action(association_admin, organisation)
    first = client.get(TERRITORY_FEED)
    start = first_slot(action).starts_at + dt.timedelta(days=1)
    services.add_slot(association_admin, action, starts_at=start,
                      ends_at=start + dt.timedelta(hours=2), capacity=None)  # fmt: skip

    again = client.get(TERRITORY_FEED, headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 200
    assert len(uids(again)) == 2


def test_feed_is_sent_again_when_an_organisation_loses_its_verification(
    client, association_admin, organisation, staff
):
    make_action(association_admin, organisation)
    first = client.get(TERRITORY_FEED)
    reject_organisation(staff, organisation, reason="Association dissoute")

    again = client.get(TERRITORY_FEED, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert uids(again) == []


def test_feed_keeps_each_events_uid_across_changes_and_never_repeats_one(
    client, association_admin, organisation
):
    action = make_action(association_admin, organisation, slots=2)
    before = uids(client.get(TERRITORY_FEED))
    make_action(association_admin, organisation, title="Nouvelle", slots=2)
    retitle(association_admin, action, "Renommée")

    after = uids(client.get(TERRITORY_FEED))

    assert before == [calendar.slot_uid(slot) for slot in action.slots.order_by("starts_at")]
    assert set(before) <= set(after)
    assert len(after) == len(set(after)) == 4


def test_304_of_an_unchanged_feed_builds_no_event(
    client, association_admin, organisation, monkeypatch
):
    make_action(association_admin, organisation)
    first = client.get(TERRITORY_FEED)
    built: list[object] = []
    monkeypatch.setattr(calendar, "slot_event", lambda slot: built.append(slot))

    client.get(TERRITORY_FEED, headers={"if-none-match": first["ETag"]})

    assert built == []
