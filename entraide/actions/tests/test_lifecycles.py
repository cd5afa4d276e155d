"""Each service changes a status only along its lifecycle's table (actions/enums.py), checked
under the row's lock: a copy read before another change cannot undo it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from entraide.actions import services
from entraide.actions.enums import (
    ACTION_LIFECYCLE,
    PARTICIPATION_LIFECYCLE,
    ActionStatus,
    ParticipationStatus,
)
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.exceptions import ActionRefused
from entraide.core.lifecycles import reachable

pytestmark = pytest.mark.django_db


def move_to_the_past(slot: Slot) -> None:
    now = timezone.now()
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )


def test_a_draft_can_be_cancelled(association_admin, organisation):
    draft = make_action(association_admin, organisation, publish=False)

    services.cancel_action(association_admin, draft, reason="Projet abandonné.")

    draft.refresh_from_db()
    assert draft.status == ActionStatus.CANCELLED


def test_a_closed_action_can_still_be_cancelled(association_admin, organisation):
    """Closed takes no new sign-up, but the action still happens: a storm can cancel it."""
    action = make_action(association_admin, organisation)
    services.close_action(association_admin, action)

    services.cancel_action(association_admin, action, reason="Tempête annoncée.")

    action.refresh_from_db()
    assert action.status == ActionStatus.CANCELLED


def test_a_cancelled_action_cannot_be_cancelled_again(association_admin, organisation):
    action = make_action(association_admin, organisation)
    services.cancel_action(association_admin, action, reason="Tempête annoncée.")

    with pytest.raises(ActionRefused, match=r"Cette action est déjà annulée\."):
        services.cancel_action(association_admin, action, reason="Encore la tempête.")


def test_a_close_sent_with_a_copy_read_before_the_cancellation_is_refused(
    association_admin, organisation
):
    action = make_action(association_admin, organisation)
    read_before = Action.objects.get(pk=action.pk)
    services.cancel_action(association_admin, action, reason="Tempête annoncée.")

    with pytest.raises(ActionRefused, match=r"Seule une action publiée peut être clôturée\."):
        services.close_action(association_admin, read_before)

    assert Action.objects.get(pk=action.pk).status == ActionStatus.CANCELLED


def test_attendance_marked_on_a_copy_read_before_a_withdrawal_does_not_undo_it(
    association_admin, organisation, volunteer
):
    """The race record_attendance had: the organiser's page read the participation, the person
    withdrew, then the mark saved the old copy's status over the withdrawal."""
    slot = first_slot(make_action(association_admin, organisation))
    participation = services.join_slot(volunteer, slot)
    move_to_the_past(slot)
    read_before = Participation.objects.select_related("slot", "slot__action").get(
        pk=participation.pk
    )
    services.cancel_participation(volunteer, participation, reason="unavailable")

    with pytest.raises(ActionRefused, match="Seules les personnes inscrites"):
        services.record_attendance(association_admin, read_before, attended=True)

    participation.refresh_from_db()
    assert (participation.status, participation.hours) == (ParticipationStatus.CANCELLED, None)


def test_attendance_can_be_corrected(association_admin, organisation, volunteer):
    slot = first_slot(make_action(association_admin, organisation))
    joined = services.join_slot(volunteer, slot)
    move_to_the_past(slot)
    participation = Participation.objects.select_related("slot", "slot__action").get(pk=joined.pk)

    services.record_attendance(association_admin, participation, attended=False)
    corrected = services.record_attendance(association_admin, participation, attended=True)

    assert (corrected.status, str(corrected.hours)) == (ParticipationStatus.ATTENDED, "2.00")


def test_the_tables_draw_the_documented_lifecycles():
    assert {status: reachable(ACTION_LIFECYCLE, status) for status in ActionStatus} == {
        ActionStatus.DRAFT: {ActionStatus.PUBLISHED, ActionStatus.CANCELLED},
        ActionStatus.PUBLISHED: {ActionStatus.CLOSED, ActionStatus.CANCELLED},
        ActionStatus.CLOSED: {ActionStatus.CANCELLED},
        ActionStatus.CANCELLED: set(),
    }
    p = ParticipationStatus
    assert {status: reachable(PARTICIPATION_LIFECYCLE, status) for status in p} == {
        p.PENDING: {p.CONFIRMED, p.WAITLISTED, p.DECLINED, p.CANCELLED},
        p.WAITLISTED: {p.OFFERED, p.CONFIRMED, p.CANCELLED},
        p.OFFERED: {p.CONFIRMED, p.CANCELLED},
        p.CONFIRMED: {p.CANCELLED, p.ATTENDED, p.NO_SHOW},
        p.ATTENDED: {p.ATTENDED, p.NO_SHOW},
        p.NO_SHOW: {p.ATTENDED, p.NO_SHOW},
        p.DECLINED: set(),
        p.CANCELLED: set(),
    }
