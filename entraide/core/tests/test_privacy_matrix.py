"""The privacy matrix: for every URL pattern of the project (pages, feeds, JSON API) and every
kind of viewer, no response shows another person's e-mail, phone or street address; nor does
any e-mail the site sends, in its body or its headers.

The URL list is read from the resolver when the tests are collected, so a new page is checked
as soon as it is routed; a page with a parameter the matrix cannot fill fails until its value
is added to `privacy_world.py`. The world (people, organisations, an action, conversations…)
is built once for the module in a transaction rolled back at the end.
"""

import email
import email.policy
import json
import smtplib
from collections.abc import Iterator
from email.utils import getaddresses, parseaddr
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings

from entraide.accounts.tests.factories import PASSWORD
from entraide.actions import tasks as action_tasks
from entraide.actions.enums import CancellationReason
from entraide.actions.services import cancel_participation
from entraide.core.digest import send_pending_digests
from entraide.core.enums import Frequency
from entraide.core.notifications import set_frequency
from entraide.core.tests.privacy_world import (
    PEOPLE,
    VIEWERS,
    Route,
    UnfillableRoute,
    World,
    all_routes,
    build_world,
    leaks_in,
    urls_of,
)
from entraide.messaging.services import reply, write_to_slot_participants
from entraide.organisations.enums import Role
from entraide.organisations.services import (
    decide_partnership,
    invite_member,
    verify_organisation,
)

ROUTES = all_routes()
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# Failures found and not fixed yet, by URL pattern (and viewer, None for all of them), with
# the exception they raise: each is an expected failure below, strict, so that the fix shows
# as an unexpected pass to be removed from here. A leak raises AssertionError.
# (viewer or None for all, route) → (reason, exception): known bugs kept visible as strict xfails.
KNOWN_FAILURES: dict[tuple[str | None, str], tuple[str, type[BaseException]]] = {}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module; each test runs in a savepoint inside this transaction, and
    the whole of it is rolled back when the module ends, so nothing leaks into other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(MAILERS=LOCMEM):
            mail.outbox = []
            built = build_world()
            built.mails = [
                (message.from_email, message.recipients(), message.message().as_bytes())
                for message in mail.outbox
            ]
        yield built
        transaction.set_rollback(True)


def _client_of(world: World, viewer: str) -> Client:
    client = Client()
    if viewer != "anonymous":
        client.force_login(world.people[viewer])
    return client


def _text_of(response: HttpResponse) -> str:
    """Body and headers as one text; a JSON body once more, decoded, so that \\u escapes and
    escaped slashes cannot hide an address."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        body = response.content
    text = body.decode(response.charset or "utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return f"{headers}\n{text}"


def _problems_at(client: Client, url: str, viewer: str) -> list[str]:
    response = client.get(url)
    problems = _problems_of(response, url, viewer)
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    target = urlsplit(location)
    if location and target.netloc in ("", "testserver"):
        # One hop, as a browser would: the page a visitor lands on shows nothing either.
        hop = f"{target.path}?{target.query}" if target.query else target.path
        problems += _problems_of(client.get(hop), f"{url} → {hop}", viewer)
    return problems


def _problems_of(response: HttpResponse, url: str, viewer: str) -> list[str]:
    if response.status_code >= 500:
        return [f"{url} answered {response.status_code} to {viewer}"]
    return [f"{url} shows {viewer} {leak}" for leak in leaks_in(_text_of(response), viewer)]


def _cases() -> Iterator[Any]:
    for viewer in VIEWERS:
        for route in ROUTES:
            known = KNOWN_FAILURES.get((viewer, route.template)) or KNOWN_FAILURES.get(
                (None, route.template)
            )
            marks = []
            if known:
                marks = [pytest.mark.xfail(strict=True, reason=known[0], raises=known[1])]
            yield pytest.param(viewer, route, id=f"{viewer}:{route.template}", marks=marks)


@pytest.mark.parametrize(("viewer", "route"), list(_cases()))
def test_no_page_shows_another_persons_contact_details(
    world: World, db: None, viewer: str, route: Route
) -> None:
    client = _client_of(world, viewer)
    problems = []
    for url in urls_of(route, world.values_for(viewer), world.tokens):
        problems += _problems_at(client, url, viewer)
    assert problems == []


def test_every_url_pattern_can_be_filled_from_the_world(world: World, db: None) -> None:
    """Fails with the pattern's name when a new URL has a parameter nobody fills yet."""
    unfillable = []
    for route in ROUTES:
        try:
            urls_of(route, world.values_for("volunteer"), world.tokens)
        except UnfillableRoute as error:
            unfillable.append(str(error))
    assert unfillable == []
    # Sanity: the walk really found the project's pages, the API and allauth's.
    templates = {route.template for route in ROUTES}
    assert {"messages/<int:conversation_id>/", "api/v1/actions", "comptes/signup/"} <= templates


def test_the_world_gives_the_matrix_something_to_find(world: World, db: None) -> None:
    """Guards against a vacuous matrix: the pages that show people do show them, and the
    detector finds a person's details where they are meant to be (their own profile)."""
    objects = world.objects
    organisation, slot = objects["organisation"], objects["slot"]
    expected = {
        ("association_admin", f"/organisations/{organisation.slug}/benevoles/"): "Hugo L.",
        ("association_admin", f"/organisations/{organisation.slug}/membres/"): "Camille D.",
        ("association_admin", f"/actions/creneaux/{slot.pk}/"): "Olivier P.",
        ("association_admin", f"/messages/{objects['conversation'].pk}/"): "Olivier P.",
        ("outsider", f"/messages/{objects['conversation'].pk}/"): "venez samedi",
        ("staff", "/organisations/verifications/"): "Collectif en attente",
        ("volunteer", "/notifications/"): "Chantier au jardin partagé",
        # The groups and the request for help hold the texts only some may read.
        ("volunteer", f"/groupes/{objects['secret_group'].slug}/"): "Réunion discrète au lavoir",
        (
            "association_admin",
            f"/groupes/{objects['members_group'].slug}/",
        ): "Rendez-vous au rucher",
        ("outsider", f"/entraide/{objects['aid_request'].pk}/"): "Qui me prête une échelle",
    }
    for (viewer, url), text in expected.items():
        response = _client_of(world, viewer).get(url)
        assert (response.status_code, text in response.text) == (200, True), (viewer, url)
    own_profile = _client_of(world, "volunteer").get("/compte/profil/").text
    assert sorted(leaks_in(own_profile, "outsider")) == [
        "volunteer's e-mail ('camille.secret@example.org')",
        "volunteer's e-mail (local part) ('camille.secret')",
        "volunteer's phone ('611223344')",
        "volunteer's street address ('impasse des secrets')",
    ]
    assert leaks_in(own_profile, "volunteer") == []
    secret_page = _client_of(world, "volunteer").get(f"/groupes/{objects['secret_group'].slug}/")
    assert "restricted text 'Cercle des Tilleuls'" in leaks_in(secret_page.text, "outsider")
    assert not [
        leak for leak in leaks_in(secret_page.text, "association_admin") if "restricted" in leak
    ]


def test_every_api_endpoint_is_in_the_matrix(world: World, db: None) -> None:
    """The OpenAPI document and the resolver agree: every API path is a route the matrix GETs."""
    schema = Client().get("/api/v1/openapi.json").json()
    templates = {route.template for route in ROUTES}
    missing = []
    for path, operations in schema["paths"].items():
        route = path.lstrip("/").replace("{", "<").replace("}", ">")
        if route not in templates:
            missing.append(path)
        # Only GET is requested by the matrix: a writing endpoint needs a case of its own.
        assert set(operations) <= {"get"}, f"{path} has {sorted(operations)}"
    assert schema["paths"]
    assert missing == []


# --- E-mails ------------------------------------------------------------------------------


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch, smtp_server: Any) -> list[tuple[str, list[str], bytes]]:
    """What the site hands to the SMTP server: (envelope sender, recipients, raw message); the
    fixture's parsed `messages` keep no headers, which this test must read."""
    sent: list[tuple[str, list[str], bytes]] = []
    original = smtplib.SMTP.sendmail

    def sendmail(self: smtplib.SMTP, from_addr: str, to_addrs: Any, msg: Any, *args: Any, **kwargs: Any) -> Any:  # fmt: skip
        recipients = [to_addrs] if isinstance(to_addrs, str) else list(to_addrs)
        sent.append((from_addr, recipients, msg if isinstance(msg, bytes) else msg.encode()))
        return original(self, from_addr, to_addrs, msg, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", sendmail)
    return sent


def _person_of(address: str) -> str:
    for person, secrets in PEOPLE.items():
        if secrets.email == address.lower():
            return person
    return "newcomer"


def _mail_problems(envelope_from: str, recipients: list[str], raw: bytes) -> list[str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    subject = str(message["Subject"])
    problems = []
    if len(recipients) != 1:
        return [f"{subject!r} went to {recipients} at once"]
    recipient = recipients[0]
    viewer = _person_of(recipient)
    to = [address for _, address in getaddresses(message.get_all("To", []))]
    if to != [recipient]:
        problems.append(f"{subject!r} to {recipient} has To: {to}")
    if parseaddr(str(message["From"]))[1] != parseaddr(settings.DEFAULT_FROM_EMAIL)[1]:
        problems.append(f"{subject!r} has From: {message['From']}")
    if parseaddr(envelope_from)[1] != parseaddr(settings.DEFAULT_FROM_EMAIL)[1]:
        problems.append(f"{subject!r} has the envelope sender {envelope_from}")
    for header in ("Cc", "Bcc", "Reply-To", "Sender"):
        if message[header] is not None:
            problems.append(f"{subject!r} to {recipient} has {header}: {message[header]}")
    headers = "\n".join(f"{name}: {value}" for name, value in message.items() if name != "To")
    parts = [
        str(part.get_content())
        for part in message.walk()
        if not part.is_multipart() and part.get_content_maintype() == "text"
    ]
    for leak in leaks_in("\n".join([headers, *parts]), viewer):
        problems.append(f"{subject!r} to {recipient} shows {leak}")
    return problems


def test_no_email_sent_while_building_the_world_shows_another_persons_contact_details(
    world: World, db: None
) -> None:
    """Invitations, participations, conversations, partnership, verifications: the mails the
    services sent while the world was built (to the in-memory outbox)."""
    recipients = {to for _, tos, _ in world.mails for to in tos}
    assert {PEOPLE[key].email for key in ("volunteer", "association_admin", "outsider")} <= (
        recipients
    )
    problems = [problem for sent in world.mails for problem in _mail_problems(*sent)]
    assert problems == []


def test_no_email_shows_another_persons_contact_details(
    world: World,
    db: None,
    wire: list[tuple[str, list[str], bytes]],
    smtp_server: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people, objects = world.people, world.objects
    camille, alex, sophie, olivier, hugo = (
        people[key]
        for key in ("volunteer", "association_admin", "staff", "outsider", "partner_owner")
    )
    organisation = objects["organisation"]
    set_frequency(alex, "messaging.new_reply", Frequency.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        # Sign-up of a newcomer, and of someone whose address already has an account.
        for address in ("lea.nouvelle@example.org", camille.email):
            Client().post(
                "/comptes/signup/",
                {
                    "first_name": "Léa",
                    "last_name": "Roux",
                    "email": address,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                    "accept_charter": "on",
                },
            )
        # Contacting an organisation through its page, and the answers both ways.
        hugo_client = _client_of(world, "partner_owner")
        hugo_client.post(
            f"/organisations/{organisation.slug}/contacter/",
            {"subject": "Prêt de matériel", "body": "Avez-vous une brouette à prêter ?"},
        )
        alex_client = _client_of(world, "association_admin")
        alex_client.post(f"/messages/{objects['conversation'].pk}/", {"body": "Oui, samedi matin."})
        reply(olivier, objects["conversation"], body="Merci, à samedi.")
        # Joining a full slot (waiting list), the reminder, a withdrawal that offers the place.
        _client_of(world, "staff").post(f"/actions/creneaux/{objects['slot'].pk}/participer/")
        action_tasks.send_reminder.call(participation_id=objects["confirmed"].pk, kind="two_days")
        write_to_slot_participants(
            alex, objects["slot"], subject="Matériel", body="Apportez des gants."
        )
        cancel_participation(camille, objects["confirmed"], reason=CancellationReason.ILLNESS)
        # An invitation, a verification, a partnership accepted, then the daily digest.
        invite_member(alex, organisation, email="zoe.invitee@example.org", role=Role.MEMBER)
        verify_organisation(sophie, objects["pending_organisation"])
        decide_partnership(hugo, objects["partnership"], accept=True)
        send_pending_digests()
    received = smtp_server.wait_for(len(wire))

    recipients = {to for _, tos, _ in wire for to in tos}
    # The flows really ran: each of these people got mail.
    expected = {
        "lea.nouvelle@example.org",
        camille.email,
        alex.email,
        olivier.email,
        sophie.email,
        "zoe.invitee@example.org",
        hugo.email,
    }
    assert expected <= recipients, sorted(expected - recipients)
    assert len(received) == len(wire) >= 10
    problems = [problem for mail in wire for problem in _mail_problems(*mail)]
    assert problems == []
