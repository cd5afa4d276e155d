"""The organiser's "Écrire aux participants" page: one conversation per participant."""

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.tests.factories import first_slot, make_action
from entraide.messaging.models import Conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, association_admin):
    client.force_login(association_admin)
    return client


def test_writing_to_participants_opens_one_conversation_each_and_mails_them_separately(
    manager_client, association_admin, organisation, volunteer, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    slot = first_slot(make_action(association_admin, organisation, capacity=2))
    services.join_slot(volunteer, slot)
    services.join_slot(outsider, slot)
    services.join_slot(UserFactory(email="zoe@example.org"), slot)  # waiting: not written to
    smtp_server.clear()

    form = manager_client.get(f"/actions/creneaux/{slot.pk}/message/")
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            f"/actions/creneaux/{slot.pk}/message/",
            {"subject": "Apportez des gants", "body": "Rendez-vous devant le portail."},
            follow=True,
        )

    assert "envoyé à 2 personnes inscrites" in form.content.decode()
    assert "Message envoyé à 2 personnes." in response.content.decode()
    assert sorted(
        Conversation.objects.filter(slot=slot).values_list("person__email", flat=True)
    ) == [
        "camille@example.org",
        "olivier@example.org",
    ]
    mails = [m for m in smtp_server.wait_for(2) if "Apportez des gants" in m.subject]
    assert sorted(mail.to for mail in mails) == [["camille@example.org"], ["olivier@example.org"]]
    assert all("olivier@example.org" not in mail.body for mail in mails)


def test_a_message_without_subject_is_refused_next_to_the_field(
    manager_client, association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation))

    response = manager_client.post(
        f"/actions/creneaux/{slot.pk}/message/", {"subject": "", "body": "x"}
    )

    assert 'id="id_subject_error"' in response.content.decode()
    assert Conversation.objects.count() == 0


def test_a_participant_cannot_write_to_the_whole_slot(
    client, association_admin, organisation, volunteer
):
    slot = first_slot(make_action(association_admin, organisation))
    services.join_slot(volunteer, slot)
    client.force_login(volunteer)
    assert client.get(f"/actions/creneaux/{slot.pk}/message/").status_code == 403
