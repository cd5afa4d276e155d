"""The forbidden paths, generated: every URL pattern of the resolver that runs an organisation,
its actions or their slots, crossed with the personas who may not use it (nobody logged in, a
plain member of the organisation, an outsider), by GET and by POST. Each is refused as the
organiser pages refuse (a login for the anonymous, 403, or 404 for a participation that is not
theirs in an action they do not run) and nothing changes.

Which patterns are the managers' is said by the start of their URL (`MANAGERS_ONLY`), so a new
page under one of these is in the matrix as soon as it is routed; a pattern under none of them
fails `test_every_url_pattern_is_covered_or_exempted` until it is placed here, or exempted
with the reason it needs no case here. The world is the privacy matrix's (privacy_world.py),
built once for the module; each test runs in a savepoint rolled back after it.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

from entraide.actions.models import Action, Participation, Slot
from entraide.core.models import AuditEntry
from entraide.core.tests.privacy_world import Route, World, all_routes, build_world, urls_of
from entraide.messaging.models import Message

ROUTES = all_routes()

# The organisation's managers' pages (its owner and admins), by the start of their pattern.
MANAGERS_ONLY = [
    r"organisations/<slug:slug>/actions/",
    r"actions/<int:action_id>/.+",
    r"actions/creneaux/<int:slot_id>/(?!participer/)",
    r"actions/participations/<int:participation_id>/(decision|presence)/",
]
# Who may not use them: nobody logged in, Camille (a plain member of Alex's association in the
# world) and Olivier (an outsider, waiting for a place of its action).
REFUSED = ("anonymous", "volunteer", "outsider")

# Patterns with no case here, and why: each says where its refusals are checked instead.
EXEMPT = {
    r"": "the site's home: public",
    r"i18n/setlang/": "Django's language switch: public",
    r"api/v1/": "the read-only public API (every endpoint is in the privacy matrix)",
    r"comptes/": "allauth's account pages: public or the signed-in person's own",
    r"compte/profil/": "the signed-in person's own profile (accounts/tests/test_profile.py)",
    r"membres/<int:user_id>/": "member pages need a reason (0029; accounts/tests)",
    r"<slug:territory_slug>/": "a territory's public pages: home, agenda, directory, feed",
    r"organisations/$": "the signed-in person's own organisations",
    r"organisations/nouvelle/": "any signed-in person may create an organisation",
    r"organisations/verifications/": "territory staff's queues (organisations/tests)",
    r"organisations/invitations/<str:token>/": "reached by the invitation's secret token",
    r"organisations/partenariats/": "the invited organisation's owner (organisations/tests)",
    r"organisations/<slug:slug>/(verifier|refuser|identite)/": "territory staff's decisions (organisations/tests)",
    r"organisations/<slug:slug>/(membres|invitations|partenaires|modifier)/": "the organisation's own management, checked by organisations/tests",
    r"organisations/<slug:slug>/benevoles/": "the volunteer search, for managers (volunteers/tests)",
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
    r"notifications/": "the signed-in person's own notifications (core/tests)",
    r"(manifest.webmanifest|sw.js|hors-ligne/|icones/)": "the web app's public files",
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


def _is_managers(route: Route) -> bool:
    return any(re.match(pattern, route.template) for pattern in MANAGERS_ONLY)


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


def _alex_s(world: World) -> dict[str, list[str]]:
    """The world's values with Alex's association alone (the world's action, slot and
    participations are its own): its managers are the keepers."""
    return {**world.values, "slug": [world.objects["organisation"].slug]}


def _fingerprint() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        sorted(Action.objects.values_list("pk", "status", "title")),
        sorted(Slot.objects.values_list("pk", "capacity", "seats_taken")),
        sorted(Participation.objects.values_list("pk", "status", "hours", "decided_by")),
        Message.objects.count(),
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
        if _is_managers(route):
            for viewer in REFUSED:
                for method in ("get", "post"):
                    yield pytest.param(
                        route, viewer, method, id=f"{viewer}:{method}:{route.template}"
                    )


@pytest.mark.parametrize(("route", "viewer", "method"), list(_cases()))
def test_the_managers_pages_are_refused_to_others_and_change_nothing(
    world: World, db: None, route: Route, viewer: str, method: str
) -> None:
    client = Client()
    if viewer != "anonymous":
        client.force_login(world.people[viewer])
    before = _fingerprint()
    answers = []
    for url in urls_of(route, _alex_s(world), world.tokens):
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


def test_the_managers_pages_are_open_to_the_manager(world: World, db: None) -> None:
    """Guards against a vacuous matrix: the same URLs, by GET, answer the association's admin
    (a page, or 405 for a change that must be posted)."""
    client = Client()
    client.force_login(world.people["association_admin"])
    answers = {
        url: client.get(url).status_code
        for route in ROUTES
        if _is_managers(route)
        for url in urls_of(route, _alex_s(world), world.tokens)
    }
    assert len(answers) >= 12
    assert {url: status for url, status in answers.items() if status not in (200, 405)} == {}


def test_every_url_pattern_is_covered_or_exempted() -> None:
    """A new page is either the managers' (and in the matrix above through MANAGERS_ONLY) or
    exempted in EXEMPT with the reason it needs no case here."""
    unplaced = [
        f"{route.template} ({route.name})"
        for route in ROUTES
        if not _is_managers(route) and _exemption(route) is None
    ]
    assert unplaced == []
    both = [route.template for route in ROUTES if _is_managers(route) and _exemption(route)]
    assert both == []
