"""Who may act in moderation: every role of the issue against every page and decision of a
case. Only the right people act; everyone else gets a login page, a 403 or a 404, and the
attempt changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from entraide.moderation.enums import ReportReason
from entraide.moderation.models import Decision, Sanction
from entraide.moderation.services import decide_case, report_content
from entraide.moderation.tests.world import ROLES, World

pytestmark = pytest.mark.django_db

LOGIN = 302
# role → (territory queue, group queue, case page, suspend the author, hide, audit log)
EXPECTED = {
    "visitor": (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    "member": (403, 404, 404, 404, 404, 403),
    "group_moderator": (403, 200, 200, 400, 302, 403),
    "group_admin": (403, 200, 200, 400, 302, 403),
    "territory_moderator": (200, 404, 200, 302, None, 403),
    "territory_staff": (200, 404, 200, 302, None, 200),
    "other_staff": (403, 404, 404, 404, 404, 403),
}
MODERATORS = {"group_moderator", "group_admin", "territory_moderator", "territory_staff"}
SANCTIONERS = {"territory_moderator", "territory_staff"}


def _client(world: World, role: str) -> Client:
    client = Client()
    person = world.person(role)
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_the_right_people_moderate_a_case(world: World, role: str) -> None:
    report = report_content(
        world.people["trusted1"], world.post, reason="Publicité déguisée.", category="spam"
    )
    case = report.case
    assert case is not None
    client = _client(world, role)
    decide = reverse("moderation:decide", args=[case.pk])
    answers = [
        client.get(reverse("moderation:queue", args=[world.territory.slug])).status_code,
        client.get(reverse("moderation:group_queue", args=[world.group.pk])).status_code,
        client.get(reverse("moderation:case", args=[case.pk])).status_code,
    ]
    suspend = client.post(
        decide, {"kind": "suspend", "reason": "Publicité répétée.", "days": "3"}
    ).status_code
    answers.append(suspend)
    suspended = Sanction.objects.filter(person=world.people["mia"]).exists()
    hide = None
    if not suspended:
        hide = client.post(decide, {"kind": "hide", "reason": "Publicité déguisée."}).status_code
    answers += [
        hide,
        client.get(reverse("moderation:audit_log", args=[world.territory.slug])).status_code,
    ]
    world.post.refresh_from_db()

    assert tuple(answers) == EXPECTED[role]
    acted = role in MODERATORS
    assert Decision.objects.filter(case=case).count() == (1 if acted else 0)
    assert (world.post.hidden_at is not None) == acted
    assert suspended == (role in SANCTIONERS)


@pytest.mark.parametrize(
    "path",
    [
        "/signaler/community.post/999999/",
        "/signaler/nimporte.quoi/1/",
        "/moderation/dossiers/999999/",
        "/moderation/decisions/999999/",
        "/moderation/recours/999999/decider/",
        "/moderation/saint-dizier/?apres=1_pas-une-date_x",
        "/moderation/inconnu/transparence/",
    ],
)
def test_tampered_ids_answer_no_server_error(world: World, path: str) -> None:
    client = _client(world, "territory_staff")

    response = client.post(path) if "decider" in path else client.get(path)

    assert response.status_code in (200, 404)


def test_a_decision_is_its_author_s_and_the_moderators_alone(world: World) -> None:
    report = report_content(
        world.people["rita"],
        world.comment,
        reason="Propos blessants.",
        category=ReportReason.HATEFUL,
    )
    assert report.case is not None
    decision = decide_case(
        world.people["sophie"], report.case, kind="hide", reason="Propos blessants envers Rita."
    )
    url = reverse("moderation:decision", args=[decision.pk])
    seen = {role: _client(world, role).get(url).status_code for role in ROLES}
    author = Client()
    author.force_login(world.people["mia"])

    assert author.get(url).status_code == 200
    assert seen == {
        "visitor": LOGIN,
        "member": 404,
        "group_moderator": 200,
        "group_admin": 200,
        "territory_moderator": 200,
        "territory_staff": 200,
        "other_staff": 404,
    }
