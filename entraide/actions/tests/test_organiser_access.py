"""Every organiser view is for the organisation's owner and admins only. That a plain member and
an outsider are refused, an anonymous visitor is sent to log in, and nothing changes, is checked
for every such URL pattern by core/tests/test_forbidden_paths.py (generated from the resolver);
here, the cases it does not make."""

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import ActionStatus, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(association_admin, organisation):
    action = make_action(association_admin, organisation, capacity=5, requires_approval=True)
    slot = first_slot(action)
    participation = services.join_slot(UserFactory(), slot, motivation="Je veux aider.")
    return {"action": action, "slot": slot, "participation": participation, "org": organisation}


def url_of(template, setting):
    return template.format(**setting)


def assert_nothing_changed(setting):
    action = Action.objects.get(pk=setting["action"].pk)
    assert action.status == ActionStatus.PUBLISHED
    assert Action.objects.count() == 1
    assert Slot.objects.get().capacity == 5
    assert Participation.objects.get().status == ParticipationStatus.PENDING


def test_a_participant_cannot_decide_their_own_request(client, setting):
    participation = setting["participation"]
    client.force_login(participation.person)

    response = client.post(
        f"/actions/participations/{participation.pk}/decision/", {"decision": "approve"}
    )

    assert response.status_code == 403
    assert_nothing_changed(setting)


def test_draft_of_another_organisation_does_not_exist_for_an_outsider(
    client, association_admin, organisation, outsider
):
    draft = make_action(association_admin, organisation, publish=False)
    client.force_login(outsider)

    assert client.get(f"/actions/{draft.pk}/creneaux/").status_code == 404
    assert client.get(f"/actions/creneaux/{first_slot(draft).pk}/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/actions/{action.pk}/publier/", "/actions/{action.pk}/cloturer/",
            "/actions/creneaux/{slot.pk}/capacite/",
            "/actions/participations/{participation.pk}/decision/",
            "/actions/participations/{participation.pk}/presence/"],
)  # fmt: skip
def test_changes_refuse_get(client, association_admin, setting, url):
    client.force_login(association_admin)

    assert client.get(url_of(url, setting)).status_code == 405


def test_unknown_ids_give_404(client, association_admin, organisation):
    client.force_login(association_admin)

    assert client.get("/organisations/inconnue/actions/").status_code == 404
    assert client.get("/actions/999999/creneaux/").status_code == 404
    assert client.get("/actions/creneaux/999999/").status_code == 404
    assert client.post("/actions/participations/999999/decision/").status_code == 404
