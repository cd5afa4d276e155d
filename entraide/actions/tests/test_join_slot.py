import pytest
from icalendar import Calendar

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import ParticipationStatus, WaitlistMode
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.exceptions import ActionRefused

pytestmark = pytest.mark.django_db


def test_join_slot_with_room_confirms_and_counts_companions(
    association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, capacity=5, max_companions=2))

    participation = services.join_slot(volunteer, slot, companions=2)

    slot.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED
    assert slot.seats_taken == 3


def test_join_slot_when_full_puts_citizen_on_waitlist(
    association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    services.join_slot(outsider, slot)

    participation = services.join_slot(volunteer, slot)

    assert participation.status == ParticipationStatus.WAITLISTED


def test_companions_beyond_the_action_limit_are_refused(association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation, max_companions=1))
    with pytest.raises(ActionRefused) as refusal:
        services.join_slot(volunteer, slot, companions=2)
    assert refusal.value.field == "companions"


def test_joining_twice_is_refused(association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation))
    services.join_slot(volunteer, slot)
    with pytest.raises(ActionRefused, match="déjà inscrit"):
        services.join_slot(volunteer, slot)


def test_a_draft_action_takes_no_sign_up(association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation, publish=False))
    with pytest.raises(ActionRefused, match="fermées"):
        services.join_slot(volunteer, slot)


def test_cancellation_offers_the_place_to_the_first_waiting_who_claims_it(
    association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)
    later = services.join_slot(UserFactory(), slot)

    services.cancel_participation(outsider, taken, reason="illness")

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == ParticipationStatus.OFFERED
    assert waiting.offer_expires_at is not None
    assert later.status == ParticipationStatus.WAITLISTED
    services.claim_offer(volunteer, waiting)
    waiting.refresh_from_db()
    slot.refresh_from_db()
    assert waiting.status == ParticipationStatus.CONFIRMED
    assert slot.seats_taken == 1


def test_an_expired_offer_passes_to_the_next_person(
    association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    taken = services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)
    next_person = UserFactory()
    later = services.join_slot(next_person, slot)
    services.cancel_participation(outsider, taken, reason="illness")
    waiting.refresh_from_db()
    waiting.offer_expires_at = waiting.offer_expires_at.replace(year=2000)
    waiting.save()

    assert services.expire_offer(waiting) is True

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == ParticipationStatus.CANCELLED
    assert later.status == ParticipationStatus.OFFERED
    slot.refresh_from_db()
    assert slot.seats_taken == 1


def test_automatic_promotion_confirms_the_first_waiting(
    association_admin, organisation, volunteer, outsider
):
    slot = first_slot(
        make_action(
            association_admin, organisation, capacity=1, waitlist_mode=WaitlistMode.AUTOMATIC
        )
    )
    taken = services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)

    services.cancel_participation(outsider, taken, reason="unavailable")

    waiting.refresh_from_db()
    assert waiting.status == ParticipationStatus.CONFIRMED


def test_approval_required_action_waits_for_the_organisation(
    association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot, motivation="J’ai un potager.")
    assert participation.status == ParticipationStatus.PENDING

    services.decide_participation(association_admin, participation, approve=True)

    participation.refresh_from_db()
    slot.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED
    assert slot.seats_taken == 1


def test_confirmation_mail_carries_an_ics(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    slot = first_slot(make_action(association_admin, organisation))
    with django_capture_on_commit_callbacks(execute=True):
        services.join_slot(volunteer, slot)
    mail = smtp_server.wait_for(1)[0]
    assert "Inscription confirmée" in mail.subject
    calendar = Calendar.from_ical(mail.attachments["entraide.ics"])
    event = calendar.walk("VEVENT")[0]
    assert event["summary"] == "Chantier au jardin partagé"
    assert event.decoded("dtstart") == slot.starts_at
