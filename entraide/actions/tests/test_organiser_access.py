"""Every organiser view is for the organisation's owner and admins only: a plain member and an
outsider are refused, an anonymous visitor is sent to log in, and nothing changes."""

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import ActionStatus, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.organisations.enums import Role
from entraide.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    """A plain member of Alex's association (arranged directly: no e-mail round trip)."""
    person = UserFactory(email="morgane@example.org", first_name="Morgane")
    Membership.objects.create(organisation=organisation, person=person, role=Role.MEMBER)
    return person


@pytest.fixture
def setting(association_admin, organisation):
    action = make_action(association_admin, organisation, capacity=5, requires_approval=True)
    slot = first_slot(action)
    participation = services.join_slot(UserFactory(), slot, motivation="Je veux aider.")
    return {"action": action, "slot": slot, "participation": participation, "org": organisation}


VIEWS = [
    ("get", "/organisations/{org.slug}/actions/", {}),
    ("get", "/organisations/{org.slug}/actions/nouvelle/", {}),
    ("post", "/organisations/{org.slug}/actions/nouvelle/", {"title": "x"}),
    ("get", "/actions/{action.pk}/modifier/", {}),
    ("post", "/actions/{action.pk}/modifier/", {"title": "x"}),
    ("get", "/actions/{action.pk}/creneaux/", {}),
    ("post", "/actions/{action.pk}/creneaux/", {"add_slot": "1"}),
    ("post", "/actions/{action.pk}/publier/", {}),
    ("post", "/actions/{action.pk}/cloturer/", {}),
    ("get", "/actions/{action.pk}/annuler/", {}),
    ("post", "/actions/{action.pk}/annuler/", {"reason": "Non."}),
    ("get", "/actions/creneaux/{slot.pk}/", {}),
    ("post", "/actions/creneaux/{slot.pk}/capacite/", {"capacity-capacity": "1"}),
    ("get", "/actions/creneaux/{slot.pk}/message/", {}),
    ("post", "/actions/creneaux/{slot.pk}/message/", {"subject": "x", "body": "y"}),
    ("post", "/actions/participations/{participation.pk}/decision/", {"decision": "approve"}),
    ("post", "/actions/participations/{participation.pk}/presence/", {"attended": "yes"}),
]


def url_of(template, setting):
    return template.format(**setting)


def assert_nothing_changed(setting):
    action = Action.objects.get(pk=setting["action"].pk)
    assert action.status == ActionStatus.PUBLISHED
    assert Action.objects.count() == 1
    assert Slot.objects.get().capacity == 5
    assert Participation.objects.get().status == ParticipationStatus.PENDING


@pytest.mark.parametrize(("method", "url", "data"), VIEWS)
def test_plain_member_is_refused(client, member, setting, method, url, data):
    client.force_login(member)

    response = getattr(client, method)(url_of(url, setting), data)

    # Someone else's participation in an action they do not run does not exist for them.
    expected = 404 if "/participations/" in url else 403
    assert response.status_code == expected
    assert_nothing_changed(setting)


@pytest.mark.parametrize(("method", "url", "data"), VIEWS)
def test_outsider_is_refused(client, outsider, setting, method, url, data):
    client.force_login(outsider)

    response = getattr(client, method)(url_of(url, setting), data)

    expected = 404 if "/participations/" in url else 403
    assert response.status_code == expected
    assert_nothing_changed(setting)


@pytest.mark.parametrize(("method", "url", "data"), VIEWS)
def test_anonymous_is_sent_to_log_in(client, setting, method, url, data):
    response = getattr(client, method)(url_of(url, setting), data)

    assert response.status_code == 302
    assert response.url.startswith("/comptes/login/")
    assert_nothing_changed(setting)


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
