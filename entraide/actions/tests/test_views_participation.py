"""An action's page, "Je participe", cancelling, claiming an offer, my agenda, the .ics and the
links of the reminder e-mail."""

import json
import re
from datetime import UTC, timedelta

import pytest
from django.core import signing
from django.utils import timezone
from icalendar import Calendar

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Participation
from entraide.actions.reminder_access import reminder_token
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db


def join_url(slot):
    return f"/actions/creneaux/{slot.pk}/participer/"


def participation_of(person, slot):
    return Participation.objects.filter(person=person, slot=slot).order_by("-pk").first()


def flashes(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- The action's page --------------------------------------------------------------------


def test_action_page_shows_the_action_its_slots_and_a_join_form(
    client, association_admin, organisation
):
    action = make_action(
        association_admin, organisation, slots=2, max_companions=2,
        description="On **plante** des tomates.", accessibility_notes="Accès de plain-pied.",
    )  # fmt: skip

    response = client.get(action.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>plante</strong>" in body
    assert "Accès de plain-pied." in body
    assert body.count('class="join-form"') == 2
    assert body.count('name="slot') >= 2  # the companions select of each slot


def test_action_page_carries_schema_org_events_for_the_next_slots(
    client, association_admin, organisation
):
    action = make_action(
        association_admin, organisation, slots=5, title="Jardin </script><b>&", capacity=8
    )

    body = client.get(action.get_absolute_url()).content.decode()

    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert found is not None
    assert "</script><b>" not in found.group(1)
    events = json.loads(found.group(1))
    assert len(events) == 3
    assert events[0]["@type"] == "Event"
    assert events[0]["name"] == "Jardin </script><b>&"
    assert events[0]["remainingAttendeeCapacity"] == 8
    assert events[0]["location"]["address"]["addressLocality"] == "Saint-Dizier"


def test_a_draft_action_page_is_not_found_for_others(
    client, association_admin, organisation, volunteer
):
    action = make_action(association_admin, organisation, publish=False)
    client.force_login(volunteer)

    assert client.get(action.get_absolute_url()).status_code == 404
    assert client.get(join_url(first_slot(action))).status_code == 404


def test_action_page_query_count_is_the_same_for_one_and_three_slots(
    client, association_admin, organisation, volunteer, list_queries
):
    one = make_action(association_admin, organisation, slots=1)
    three = make_action(association_admin, organisation, slots=3)
    client.force_login(volunteer)
    services.join_slot(volunteer, first_slot(one))
    services.join_slot(volunteer, first_slot(three))

    def queries_for(action, count):
        return list_queries(
            lambda: client.get(action.get_absolute_url()),
            items=lambda r: r.content.decode().count('class="card slot-row"'),
            expected=count,
        )

    assert queries_for(three, 3) == queries_for(one, 1)


# --- "Je participe" -----------------------------------------------------------------------


def test_join_when_logged_in_confirms_and_says_so(
    client, association_admin, organisation, volunteer, django_capture_on_commit_callbacks
):
    slot = first_slot(make_action(association_admin, organisation))
    client.force_login(volunteer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join_url(slot), follow=True)

    assert participation_of(volunteer, slot).status == ParticipationStatus.CONFIRMED
    assert flashes(response) == ["Vous êtes inscrit·e !"]
    assert "Vous êtes inscrit·e." in response.content.decode()


def test_join_with_companions_counts_them(client, association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation, max_companions=2))
    client.force_login(volunteer)

    client.post(join_url(slot), {f"slot{slot.pk}-companions": "2"})

    slot.refresh_from_db()
    assert slot.seats_taken == 3


def test_join_with_too_many_companions_is_refused_next_to_the_field(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, max_companions=1))
    client.force_login(volunteer)

    response = client.post(join_url(slot), {f"slot{slot.pk}-companions": "5"})

    assert response.status_code == 200
    assert "field--error" in response.content.decode()
    assert participation_of(volunteer, slot) is None


def test_join_when_full_puts_on_the_waitlist_with_the_position(
    client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    services.join_slot(outsider, slot)
    services.join_slot(UserFactory(), slot)
    client.force_login(volunteer)

    response = client.post(join_url(slot), follow=True)

    assert participation_of(volunteer, slot).status == ParticipationStatus.WAITLISTED
    assert flashes(response) == ["Vous êtes sur la liste d’attente (position 2)."]
    assert "liste d’attente (position 2)" in response.content.decode()


def test_join_an_action_needing_approval_asks_for_a_motivation_first(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    client.force_login(volunteer)

    asked = client.post(join_url(slot))  # the agenda's button sends no motivation
    sent = client.post(join_url(slot), {f"slot{slot.pk}-motivation": "J’aime jardiner."})

    assert f'name="slot{slot.pk}-motivation"' in asked.content.decode()
    assert sent.status_code == 302
    participation = participation_of(volunteer, slot)
    assert participation.status == ParticipationStatus.PENDING
    assert participation.motivation == "J’aime jardiner."


def test_joining_twice_shows_the_refusal(client, association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation))
    services.join_slot(volunteer, slot)
    client.force_login(volunteer)

    response = client.post(join_url(slot), follow=True)

    assert flashes(response) == ["Vous êtes déjà inscrit·e à ce créneau."]


def test_anonymous_join_goes_to_log_in_then_completes_without_asking_again(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))

    to_login = client.post(join_url(slot))
    assert to_login.status_code == 302
    assert to_login["Location"] == f"/comptes/login/?next={join_url(slot)}"
    client.force_login(volunteer)  # the session (and the remembered click) survives log-in
    back = client.get(join_url(slot), follow=True)

    assert participation_of(volunteer, slot).status == ParticipationStatus.CONFIRMED
    assert flashes(back) == ["Vous êtes inscrit·e !"]


def test_a_get_from_elsewhere_never_signs_anybody_up(
    client, association_admin, organisation, volunteer
):
    """A link or an image on another site, opened before logging in: nothing is remembered."""
    slot = first_slot(make_action(association_admin, organisation))

    client.get(join_url(slot))
    client.force_login(volunteer)
    response = client.get(join_url(slot))

    assert participation_of(volunteer, slot) is None
    assert "Confirmer ma participation" in response.content.decode()


def test_a_logged_in_get_without_a_remembered_click_asks_once(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    client.force_login(volunteer)

    response = client.get(join_url(slot))

    assert response.status_code == 200
    assert "Confirmer ma participation" in response.content.decode()
    assert participation_of(volunteer, slot) is None


def test_a_remembered_click_for_another_slot_does_not_join_this_one(
    client, association_admin, organisation, volunteer
):
    action = make_action(association_admin, organisation, slots=2)
    first, second = action.slots.order_by("starts_at")
    client.post(join_url(first))
    client.force_login(volunteer)

    client.get(join_url(second))

    assert participation_of(volunteer, second) is None
    assert participation_of(volunteer, first) is None


# --- Cancel, claim --------------------------------------------------------------------------


def test_cancel_asks_for_a_reason_then_frees_the_place(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    client.force_login(volunteer)
    url = f"/actions/participations/{participation.pk}/annuler/"

    page = client.get(url)
    response = client.post(url, {"reason": "illness", "detail": "Grippe"})

    assert 'name="reason"' in page.content.decode()
    assert response.status_code == 302
    participation.refresh_from_db()
    slot.refresh_from_db()
    assert (participation.status, participation.reason, participation.reason_detail) == (
        ParticipationStatus.CANCELLED, "illness", "Grippe",
    )  # fmt: skip
    assert slot.seats_taken == 0


def test_cancel_without_a_valid_reason_changes_nothing(
    client, association_admin, organisation, volunteer
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    client.force_login(volunteer)

    response = client.post(f"/actions/participations/{participation.pk}/annuler/", {"reason": "x"})

    assert response.status_code == 200
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


def test_another_persons_participation_is_not_found(
    client, association_admin, organisation, volunteer, outsider
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    base = f"/actions/participations/{participation.pk}"

    client.force_login(outsider)
    answers = [
        client.get(f"{base}/annuler/").status_code,
        client.post(f"{base}/annuler/", {"reason": "illness"}).status_code,
        client.post(f"{base}/confirmer-la-place/").status_code,
        client.get(f"{base}/agenda.ics").status_code,
    ]
    client.force_login(association_admin)  # the organiser manages it, but it is not theirs
    answers.append(client.get(f"{base}/agenda.ics").status_code)

    assert answers == [404, 404, 404, 404, 404]
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


def test_anonymous_visitors_are_sent_to_log_in(client, association_admin, organisation, volunteer):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )

    responses = [
        client.get("/mon-agenda/"),
        client.get(f"/actions/participations/{participation.pk}/annuler/"),
        client.get(f"/actions/participations/{participation.pk}/agenda.ics"),
    ]

    assert [r.status_code for r in responses] == [302, 302, 302]
    assert all(r["Location"].startswith("/comptes/login/") for r in responses)


def test_claim_offer_confirms_the_offered_place(
    client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)
    services.cancel_participation(outsider, taken, reason="illness")
    client.force_login(volunteer)

    page = client.get(slot.action.get_absolute_url()).content.decode()
    client.post(f"/actions/participations/{waiting.pk}/confirmer-la-place/")

    assert "Confirmer la place" in page
    waiting.refresh_from_db()
    assert waiting.status == ParticipationStatus.CONFIRMED


def test_claim_offer_is_post_only(client, association_admin, organisation, volunteer):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    client.force_login(volunteer)

    response = client.get(f"/actions/participations/{participation.pk}/confirmer-la-place/")

    assert response.status_code == 405


# --- My agenda and the .ics -----------------------------------------------------------------


def test_my_agenda_lists_upcoming_and_past_participations(
    client, association_admin, organisation, volunteer
):
    coming = make_action(association_admin, organisation, title="À venir")
    services.join_slot(volunteer, first_slot(coming))
    gone = make_action(association_admin, organisation, title="Annulée par moi")
    services.cancel_participation(
        volunteer, services.join_slot(volunteer, first_slot(gone)), reason="illness"
    )
    client.force_login(volunteer)

    body = client.get("/mon-agenda/").content.decode()

    upcoming, past = body.split('id="past-title"')
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", upcoming) == ["À venir"]
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", past) == ["Annulée par moi"]
    assert "/mon-agenda/flux/" in body


def test_my_agenda_query_count_is_the_same_for_one_and_three(
    client, association_admin, organisation, volunteer, list_queries
):
    client.force_login(volunteer)

    def queries(count):
        return list_queries(
            lambda: client.get("/mon-agenda/"),
            items=lambda r: len(r.context["upcoming"]),
            expected=count,
        )

    action = make_action(association_admin, organisation, slots=3)
    first, second, third = action.slots.order_by("starts_at")
    services.join_slot(volunteer, first)
    with_one = queries(1)
    services.join_slot(volunteer, second)
    services.join_slot(volunteer, third)
    assert queries(3) == with_one


def test_ics_download_has_the_slot_in_utc(client, association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation, title="Jardin"))
    participation = services.join_slot(volunteer, slot)
    client.force_login(volunteer)

    response = client.get(f"/actions/participations/{participation.pk}/agenda.ics")

    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith('attachment; filename="entraide-')
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Jardin"
    assert event.decoded("dtstart") == slot.starts_at.astimezone(UTC)
    assert event.decoded("dtstart").tzinfo is not None
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtend") == slot.ends_at.astimezone(UTC)


# --- The reminder's links --------------------------------------------------------------------


def reminder_url(participation, answer):
    return f"/actions/rappel/{reminder_token(participation, answer)}/"


def test_reminder_links_change_nothing_on_get(client, association_admin, organisation, volunteer):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )

    cannot = client.get(reminder_url(participation, "cannot"))
    coming = client.get(reminder_url(participation, "coming"))

    assert "Je libère ma place" in cannot.content.decode()
    assert "Je confirme ma venue" in coming.content.decode()
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


def test_reminder_cannot_frees_the_place_and_offers_it_to_the_first_waiting(
    client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    participation = services.join_slot(volunteer, slot)
    waiting = services.join_slot(outsider, slot)

    response = client.post(reminder_url(participation, "cannot"))

    assert "votre place est libérée" in response.content.decode()
    participation.refresh_from_db()
    waiting.refresh_from_db()
    assert (participation.status, participation.reason) == (
        ParticipationStatus.CANCELLED, "unavailable",
    )  # fmt: skip
    assert waiting.status == ParticipationStatus.OFFERED


def test_reminder_coming_thanks_and_keeps_the_place(
    client, association_admin, organisation, volunteer
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )

    response = client.post(reminder_url(participation, "coming"))

    assert "Merci ! L’organisation compte sur vous." in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


def test_reminder_link_once_cancelled_has_nothing_to_do(
    client, association_admin, organisation, volunteer
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    services.cancel_participation(volunteer, participation, reason="illness")

    response = client.post(reminder_url(participation, "cannot"))

    assert response.status_code == 200
    assert "n’est plus active" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        signing.dumps({"p": 1, "a": "cannot"}, salt="another.salt"),
        signing.dumps({"p": 999999, "a": "cannot"}, salt="actions.reminder"),
        signing.dumps({"p": 1, "a": "delete"}, salt="actions.reminder"),
        signing.dumps([1, 2], salt="actions.reminder"),
    ],
    # Stable ids: a signed token holds the time it was made, and parallel workers must collect
    # the same tests.
    ids=["garbage", "other-salt", "unknown-participation", "unknown-answer", "not-a-dict"],
)
def test_tampered_reminder_link_gets_a_friendly_page(client, token):
    get = client.get(f"/actions/rappel/{token}/")
    post = client.post(f"/actions/rappel/{token}/")

    assert get.status_code == post.status_code == 400
    assert "Ce lien ne fonctionne plus" in get.content.decode()


def test_a_tampered_copy_of_a_real_link_is_refused(
    client, association_admin, organisation, volunteer
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    token = reminder_token(participation, "coming")
    forged = token.replace("coming", "cannot")

    response = client.post(f"/actions/rappel/{forged[:-2]}xx/")

    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


def test_an_expired_reminder_link_is_refused(
    client, association_admin, organisation, volunteer, monkeypatch
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    url = reminder_url(participation, "cannot")
    later = timezone.now() + timedelta(days=15)
    monkeypatch.setattr("django.core.signing.time.time", lambda: later.timestamp())

    response = client.post(url)

    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED
