"""Cancelling an action: the organiser's request only writes; a task tells the participants."""

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services, tasks
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import Participation
from entraide.actions.tests.factories import make_action
from entraide.core.models import Notification

pytestmark = pytest.mark.django_db

KIND = "actions.action_cancelled"


def told(kind: str = KIND) -> list[str]:
    """The addresses of the in-app notifications of `kind`, sorted, one per notification."""
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def run(callbacks, capture) -> None:
    """Run the callbacks queued by a commit, and the ones they queue in turn (the e-mails)."""
    with capture(execute=True):
        for callback in callbacks:
            callback()


def test_cancel_action_tells_each_participant_exactly_once_through_the_task(
    association_admin, organisation, volunteer, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = make_action(association_admin, organisation, title="Chantier d’automne").slots.get()
    third = UserFactory(email="nadia@example.org", first_name="Nadia")
    for person in (volunteer, outsider, third):
        services.join_slot(person, slot)
    # (their confirmations wait for a commit that never comes in this test's transaction)

    with django_capture_on_commit_callbacks() as callbacks:
        services.cancel_action(association_admin, slot.action, reason="Le jardin est inondé.")
    cancelled_before_the_task = set(Participation.objects.values_list("status", flat=True))
    told_before_the_task = told()
    run(callbacks, django_capture_on_commit_callbacks)

    mails = smtp_server.wait_for(3)
    assert cancelled_before_the_task == {ParticipationStatus.CANCELLED}
    assert told_before_the_task == []
    assert told() == ["camille@example.org", "nadia@example.org", "olivier@example.org"]
    assert sorted(to for mail in mails for to in mail.to) == told()
    assert {mail.subject for mail in mails} == {"[entraide] Annulation : Chantier d’automne"}
    assert all("Le jardin est inondé." in mail.body for mail in mails)


def test_a_second_run_of_the_task_tells_nobody_again(
    association_admin, organisation, volunteer, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = make_action(association_admin, organisation).slots.get()
    services.join_slot(volunteer, slot)
    services.join_slot(outsider, slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_action(association_admin, slot.action, reason="Tempête annoncée.")
    smtp_server.wait_for(2)
    ids = list(Participation.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.tell_action_cancelled.call(action_id=slot.action.pk, participation_ids=ids)

    assert again == 0
    assert told() == ["camille@example.org", "olivier@example.org"]
    assert len(smtp_server.messages) == 2


def test_a_person_on_two_slots_hears_of_each_date_once(
    association_admin, organisation, volunteer, smtp_server, django_capture_on_commit_callbacks
):
    action = make_action(association_admin, organisation, slots=2)
    for slot in action.slots.all():
        services.join_slot(volunteer, slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_action(association_admin, action, reason="Tempête annoncée.")
    smtp_server.wait_for(2)
    ids = list(Participation.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        tasks.tell_action_cancelled.call(action_id=action.pk, participation_ids=ids)

    assert told() == ["camille@example.org", "camille@example.org"]
    assert len(smtp_server.messages) == 2


def test_someone_who_had_already_withdrawn_is_not_told(
    association_admin, organisation, volunteer, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = make_action(association_admin, organisation).slots.get()
    services.join_slot(volunteer, slot)
    gone = services.join_slot(outsider, slot)
    services.cancel_participation(outsider, gone, reason="unavailable")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_action(association_admin, slot.action, reason="Tempête annoncée.")

    (mail,) = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    assert told() == ["camille@example.org"]
    assert Participation.objects.get(pk=gone.pk).reason == "unavailable"
