"""The forbidden paths, generated: every URL pattern of the resolver that is kept for someone
(an organisation's managers, a territory's staff) crossed with the personas who may not use it,
by GET and by POST. Each is refused (a login for the anonymous, 403, or 404 for a participation
that is not theirs in an action they do not run) and nothing changes; its keeper is let in.

Who keeps a pattern is said by the start of its URL (`KEEPERS`), so a new page under one of
these is in the matrix as soon as it is routed; a pattern under none of them fails
`test_every_url_pattern_is_covered_or_exempted` until it is placed there, or exempted with the
reason it needs no case here (`EXEMPT`). The world is the privacy matrix's (privacy_world.py),
built once for the module; each test runs in a savepoint rolled back after it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

from entraide.actions.models import Action, Participation, Slot
from entraide.core.models import AuditEntry
from entraide.core.tests.privacy_world import Route, World, all_routes, build_world, urls_of
from entraide.messaging.models import Conversation, Message
from entraide.organisations.models import Invitation, Membership, Organisation, Partnership
from entraide.volunteers.models import Proposal

ROUTES = all_routes()


@dataclass(frozen=True)
class Keepers:
    """Who may use the pages whose pattern starts as one of `patterns`: `keeper` (checked to be
    let in), and the personas of the world who must be refused."""

    patterns: tuple[str, ...]
    keeper: str
    refused: tuple[str, ...]


KEEPERS = {
    # The organisation's managers (its owner and admins): Alex. Refused: nobody logged in,
    # Camille (a plain member of Alex's association in the world) and Olivier (an outsider,
    # waiting for a place of its action).
    "managers": Keepers(
        patterns=(
            r"organisations/<slug:slug>/actions/",
            r"actions/<int:action_id>/.+",
            r"actions/creneaux/<int:slot_id>/(?!participer/)",
            r"actions/participations/<int:participation_id>/(decision|presence)/",
            r"organisations/<slug:slug>/(membres|invitations|partenaires|modifier|benevoles)/",
        ),
        keeper="association_admin",
        refused=("anonymous", "volunteer", "outsider"),
    ),
    # The territory's staff: Sophie. Refused: everybody else, the organisation's admin too.
    "staff": Keepers(
        patterns=(
            r"organisations/verifications/",
            r"organisations/<slug:slug>/(verifier|refuser)/",
            # A new version of the territory's charter (ADR 0044).
            r"territoires/<slug:territory_slug>/charte/",
            # A territory's newsroom: its staff hold every editor's right (ADR 0037).
            r"<slug:territory_slug>/redaction/",
        ),
        keeper="staff",
        refused=("anonymous", "volunteer", "association_admin", "outsider"),
    ),
}

# Patterns with no case here, and why: each says where its refusals are checked instead.
EXEMPT = {
    r"": "the site's home: public",
    r"i18n/setlang/": "Django's language switch: public",
    r"api/v1/": "the read-only public API (every endpoint is in the privacy matrix)",
    r"comptes/": "allauth's account pages: public or the signed-in person's own",
    r"compte/profil/": "the signed-in person's own profile (accounts/tests/test_profile.py)",
    r"membres/<int:user_id>/": "member pages need a reason (0029; accounts/tests/test_member_pages.py)",
    r"<slug:territory_slug>/(?!redaction/)": "a territory's public pages: home, agenda, directory, feed, articles (editorial/tests/test_views.py for commenting)",
    r"articles/approbation/<str:token>/": "reached by the signed link sent to a person an article portrays",
    r"organisations/$": "the signed-in person's own organisations",
    r"organisations/nouvelle/": "any signed-in person may create an organisation",
    r"organisations/invitations/<str:token>/": "reached by the invitation's secret token",
    r"organisations/<slug:slug>/identite/": "staff decisions on an identity change, which the "
    "world does not hold (organisations/tests/test_identity_changes.py)",
    r"organisations/partenariats/": "the invited organisation's owner (organisations/tests/test_views.py)",
    r"organisations/<slug:slug>/contacter/": "any signed-in person may write to an organisation",
    r"organisations/<slug:slug>/(agenda.ics)?$": "an organisation's public page and feed",
    r"messages/": "a conversation's own participants (messaging/tests/test_conversation.py)",
    r"actions/<int:action_id>/$": "an action's public page",
    r"actions/creneaux/<int:slot_id>/participer/": "any signed-in person may sign up",
    r"actions/participations/<int:participation_id>/(annuler|confirmer-la-place|agenda.ics)": "the participant's own (actions/tests/test_views_participation.py)",
    r"actions/rappel/<str:token>/": "reached by the reminder's secret token",
    r"agenda/prive/": "reached by the feed's secret token",
    r"mon-agenda/": "the signed-in person's own agenda",
    r"benevolat/": "the signed-in person's own volunteer profile",
    r"notifications/": "the signed-in person's own notifications (core/tests/test_notification_centre.py)",
    r"(manifest.webmanifest|sw.js|hors-ligne/|icones/)": "the web app's public files",
    r"relations/": "the signed-in person's own connections and invitations (community/tests/test_views.py, test_group_invitations.py)",
    r"groupes/": "groups: access_group and the services' rules (community/tests/test_views.py, test_posts.py, test_group_invitations.py)",
    r"signaler/": "anyone reports what they can see (moderation/tests/test_permission_matrix.py)",
    r"moderation/": "a territory's team, a group's moderators, a decision's author (moderation/tests/test_permission_matrix.py)",
    r"entraide/": "mutual aid: a request that did not reach the viewer does not exist for them, only its author resolves or withdraws it (aid/tests/test_views.py, test_services.py)",
}

# One body for every POST: the fields the organiser forms read, so that a view that forgot its
# check would act, not merely show a form error.
POST_DATA = {
    "title": "x",
    "add_slot": "1",
    "reason": "Non.",
    "capacity-capacity": "1",
    "subject": "x",
    "body": "y",
    "decision": "approve",
    "attended": "yes",
}


def _keepers_of(route: Route) -> Keepers | None:
    for keepers in KEEPERS.values():
        if any(re.match(pattern, route.template) for pattern in keepers.patterns):
            return keepers
    return None


def _exemption(route: Route) -> str | None:
    for pattern, reason in EXEMPT.items():
        if re.match(pattern + ("$" if not pattern else ""), route.template):
            return reason
    return None


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _values_of(keepers: Keepers, world: World) -> dict[str, list[str]]:
    """For the managers, the world's values with Alex's association alone (the world's action,
    slot and participations are its own), its owner's membership only (a member may leave:
    their own membership is theirs to remove), and the profiles the volunteer search finds (a
    hidden one does not exist for managers either). For the staff, the association waiting for
    their verification."""
    if keepers is KEEPERS["staff"]:
        return {**world.values, "slug": [world.objects["pending_organisation"].slug]}
    organisation = world.objects["organisation"]
    owner = organisation.memberships.get(person=world.people["association_admin"])
    return {
        **world.values,
        "slug": [organisation.slug],
        "membership_id": [str(owner.pk)],
        "profile_id": [str(p.pk) for p in world.objects["profiles"].values() if p.discoverable],
    }


def _fingerprint() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        sorted(Action.objects.values_list("pk", "status", "title")),
        sorted(Slot.objects.values_list("pk", "capacity", "seats_taken")),
        sorted(Participation.objects.values_list("pk", "status", "hours", "decided_by")),
        sorted(Membership.objects.values_list("pk", "role")),
        sorted(Invitation.objects.values_list("pk", "status")),
        sorted(Partnership.objects.values_list("pk", "status")),
        sorted(Organisation.objects.values_list("pk", "name", "status")),
        Message.objects.count(),
        Conversation.objects.count(),
        Proposal.objects.count(),
        AuditEntry.objects.count(),
    )


def _expected_refusal(world: World, viewer: str, url: str) -> int:
    if viewer == "anonymous":
        return 302
    participation_id = resolve(url).kwargs.get("participation_id")
    if participation_id is not None:
        # Someone else's participation in an action they do not run does not exist for them;
        # their own is theirs to see, not to decide.
        owner = Participation.objects.get(pk=participation_id).person
        return 403 if owner == world.people[viewer] else 404
    return 403


def _cases() -> Iterator[Any]:
    for route in ROUTES:
        keepers = _keepers_of(route)
        for viewer in keepers.refused if keepers else ():
            for method in ("get", "post"):
                yield pytest.param(route, viewer, method, id=f"{viewer}:{method}:{route.template}")


@pytest.mark.parametrize(("route", "viewer", "method"), list(_cases()))
def test_a_page_is_refused_to_those_it_is_not_for_and_changes_nothing(
    world: World, db: None, route: Route, viewer: str, method: str
) -> None:
    keepers = _keepers_of(route)
    assert keepers is not None
    client = Client()
    if viewer != "anonymous":
        client.force_login(world.people[viewer])
    before = _fingerprint()
    answers = []
    for url in urls_of(route, _values_of(keepers, world), world.tokens):
        response = getattr(client, method)(url, POST_DATA if method == "post" else {})
        if response.status_code == 405:
            # A change refuses GET to everyone, its keepers included (test_organiser_access).
            assert method == "get", url
            continue
        expected = _expected_refusal(world, viewer, url)
        answers.append((url, response.status_code, expected))
        if expected == 302:
            assert response.url.startswith("/comptes/login/"), url
    assert [(url, got) for url, got, expected in answers if got != expected] == []
    assert _fingerprint() == before


@pytest.mark.parametrize("name", KEEPERS)
def test_the_same_pages_are_open_to_their_keeper(world: World, db: None, name: str) -> None:
    """Guards against a vacuous matrix: the same URLs, by GET, answer their keeper (a page, or
    405 for a change that must be posted)."""
    keepers = KEEPERS[name]
    client = Client()
    client.force_login(world.people[keepers.keeper])
    answers = {
        url: client.get(url).status_code
        for route in ROUTES
        if _keepers_of(route) is keepers
        for url in urls_of(route, _values_of(keepers, world), world.tokens)
    }
    assert len(answers) >= len(keepers.patterns)
    assert {url: status for url, status in answers.items() if status not in (200, 405)} == {}


def test_every_url_pattern_is_covered_or_exempted() -> None:
    """A new page is either kept (and in the matrix above through KEEPERS) or exempted in
    EXEMPT with the reason it needs no case here."""
    unplaced = [
        f"{route.template} ({route.name})"
        for route in ROUTES
        if _keepers_of(route) is None and _exemption(route) is None
    ]
    assert unplaced == []
    both = [route.template for route in ROUTES if _keepers_of(route) and _exemption(route)]
    assert both == []
