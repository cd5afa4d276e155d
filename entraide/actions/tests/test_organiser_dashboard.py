"""A slot's dashboard: who comes, requests, attendance, capacity, messages (organiser_views)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import DeclineReason, ParticipationStatus
from entraide.actions.models import Slot
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, association_admin):
    client.force_login(association_admin)
    return client


def move_to_the_past(slot):
    """Slots are made in the future (the services refuse nothing else to sign up); the test
    then moves this one back in time."""
    now = timezone.now()
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )


def dashboard_url(slot):
    return f"/actions/creneaux/{slot.pk}/"


def test_dashboard_shows_public_names_companions_and_never_emails(
    manager_client, association_admin, organisation, volunteer, outsider
):
    volunteer.phone = "06 12 34 56 78"
    volunteer.save()
    slot = first_slot(make_action(association_admin, organisation, capacity=3, max_companions=2))
    services.join_slot(volunteer, slot, companions=2)
    services.join_slot(outsider, slot)

    body = manager_client.get(dashboard_url(slot)).content.decode()

    assert "Camille D." in body
    assert "+ 2 accompagnants" in body
    assert "Olivier P." in body
    assert "camille@example.org" not in body
    assert "olivier@example.org" not in body
    assert "Dupont" not in body
    assert "06 12 34 56 78" not in body
    assert "3 places prises sur 3." in body


def test_dashboard_lists_the_waiting_list_in_order(
    manager_client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    services.join_slot(UserFactory(first_name="Zoé", last_name="Armand"), slot)
    services.join_slot(outsider, slot)
    services.join_slot(volunteer, slot)

    body = manager_client.get(dashboard_url(slot)).content.decode()

    waiting = body[body.index("Liste d’attente</h2>") :]
    assert waiting.index("Olivier P.") < waiting.index("Camille D.")
    assert "2 personnes en liste d’attente." in body


def test_dashboard_shows_pending_requests_with_their_motivation(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    services.join_slot(volunteer, slot, motivation="J’ai un permis poids lourd.")

    body = manager_client.get(dashboard_url(slot)).content.decode()

    assert "Demandes à examiner" in body
    assert "J’ai un permis poids lourd." in body


def test_approve_a_request_confirms_it(manager_client, association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot, motivation="Motivée !")

    response = manager_client.post(
        f"/actions/participations/{participation.pk}/decision/", {"decision": "approve"}
    )

    participation.refresh_from_db()
    slot.refresh_from_db()
    assert response.status_code == 302
    assert response.url == dashboard_url(slot)
    assert participation.status == ParticipationStatus.CONFIRMED
    assert participation.decided_by == association_admin
    assert slot.seats_taken == 1


def test_decline_a_request_keeps_the_reason(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot)

    manager_client.post(
        f"/actions/participations/{participation.pk}/decision/",
        {"decision": "decline", "reason": DeclineReason.REQUIREMENTS},
    )

    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.DECLINED
    assert participation.reason == DeclineReason.REQUIREMENTS


def test_decline_without_reason_is_refused_and_changes_nothing(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot)

    response = manager_client.post(
        f"/actions/participations/{participation.pk}/decision/",
        {"decision": "decline", "reason": ""},
        follow=True,
    )

    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.PENDING
    assert "Choisissez un motif de refus." in response.content.decode()


def test_deciding_twice_is_refused_with_a_message(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot)
    manager_client.post(
        f"/actions/participations/{participation.pk}/decision/", {"decision": "approve"}
    )

    response = manager_client.post(
        f"/actions/participations/{participation.pk}/decision/",
        {"decision": "decline", "reason": DeclineReason.FULL},
        follow=True,
    )

    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED
    assert "Cette demande a déjà reçu une réponse." in response.content.decode()


def test_attendance_forms_appear_only_once_the_slot_started(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    action_url = f"/actions/participations/{participation.pk}/presence/"

    before = manager_client.get(dashboard_url(slot)).content.decode()
    move_to_the_past(slot)
    after = manager_client.get(dashboard_url(slot)).content.decode()

    assert action_url not in before
    assert action_url in after


def test_record_attendance_with_hours_after_the_slot(
    manager_client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation))
    came = services.join_slot(volunteer, slot)
    missed = services.join_slot(outsider, slot)
    move_to_the_past(slot)

    manager_client.post(
        f"/actions/participations/{came.pk}/presence/", {"attended": "yes", "hours": "1.5"}
    )
    manager_client.post(
        f"/actions/participations/{missed.pk}/presence/", {"attended": "no", "hours": ""}
    )

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.status, came.hours) == (ParticipationStatus.ATTENDED, Decimal("1.50"))
    assert (missed.status, missed.hours) == (ParticipationStatus.NO_SHOW, None)


def test_attendance_without_hours_counts_the_slot_duration(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    move_to_the_past(slot)

    manager_client.post(
        f"/actions/participations/{participation.pk}/presence/", {"attended": "yes"}
    )

    participation.refresh_from_db()
    assert participation.hours == Decimal("2.00")


@pytest.mark.parametrize("hours", ["-1", "337", "beaucoup"])
def test_attendance_with_impossible_hours_is_refused(
    manager_client, association_admin, organisation, volunteer, hours
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    move_to_the_past(slot)

    response = manager_client.post(
        f"/actions/participations/{participation.pk}/presence/",
        {"attended": "yes", "hours": hours},
        follow=True,
    )

    participation.refresh_from_db()
    assert response.status_code == 200
    assert participation.status == ParticipationStatus.CONFIRMED
    assert 'class="message message--error"' in response.content.decode()


def test_attendance_before_the_slot_is_refused(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)

    response = manager_client.post(
        f"/actions/participations/{participation.pk}/presence/", {"attended": "yes"}, follow=True
    )

    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED
    assert "La présence se note une fois le créneau commencé." in response.content.decode()


def test_capacity_change_below_seats_taken_is_refused_next_to_the_field(
    manager_client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation, capacity=5))
    services.join_slot(volunteer, slot)
    services.join_slot(outsider, slot)

    response = manager_client.post(
        f"/actions/creneaux/{slot.pk}/capacite/", {"capacity-capacity": "1"}
    )

    slot.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_capacity-capacity_error"' in body
    assert "2 places sont déjà prises" in body
    assert slot.capacity == 5


def test_capacity_of_minus_one_is_refused_on_the_dashboard(
    manager_client, association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation, capacity=5))

    response = manager_client.post(
        f"/actions/creneaux/{slot.pk}/capacite/", {"capacity-capacity": "-1"}
    )

    slot.refresh_from_db()
    assert (
        "Indiquez au moins 1 place, ou laissez vide pour ne pas limiter."
        in response.content.decode()
    )
    assert slot.capacity == 5


def test_capacity_growth_moves_the_waiting_list_up(
    manager_client, association_admin, organisation, volunteer, outsider
):
    slot = first_slot(
        make_action(association_admin, organisation, capacity=1, waitlist_mode="automatic")
    )
    services.join_slot(outsider, slot)
    waiting = services.join_slot(volunteer, slot)

    response = manager_client.post(
        f"/actions/creneaux/{slot.pk}/capacite/", {"capacity-capacity": "2"}
    )

    slot.refresh_from_db()
    waiting.refresh_from_db()
    assert response.status_code == 302
    assert slot.capacity == 2
    assert waiting.status == ParticipationStatus.CONFIRMED


def test_slot_dashboard_query_count_is_the_same_for_one_and_three_participants(
    manager_client, association_admin, organisation, list_queries
):
    slot = first_slot(make_action(association_admin, organisation, capacity=2))

    def queries(count):
        return list_queries(
            lambda: manager_client.get(dashboard_url(slot)),
            items=lambda r: len(r.context["coming"]) + len(r.context["waiting"]),
            expected=count,
        )

    services.join_slot(UserFactory(), slot)
    with_one = queries(1)
    services.join_slot(UserFactory(), slot)
    services.join_slot(UserFactory(), slot)  # on the waiting list
    assert queries(3) == with_one


def test_declined_person_is_told_the_reason_by_email(
    manager_client, association_admin, organisation, volunteer, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    participation = services.join_slot(volunteer, slot)

    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            f"/actions/participations/{participation.pk}/decision/",
            {"decision": "decline", "reason": DeclineReason.AGE},
        )

    smtp_server.wait_for(1)
    assert str(DeclineReason.AGE.label) in smtp_server.last.body


def test_dashboard_says_one_place_taken_in_the_singular(
    manager_client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation, capacity=3))
    services.join_slot(volunteer, slot)

    body = manager_client.get(dashboard_url(slot)).content.decode()

    assert "1 place prise sur 3." in body
    assert "1 places" not in body
