"""Shared test fixtures: test settings, a real SMTP server, the personas, the browser.

Personas (same names in every app's tests): `volunteer` (Camille Dupont), `association_admin`
(Alex Martin), `staff` (Sophie Bernard, staff of `territory`), `outsider` (Olivier Petit).
They all log in with `PASSWORD`.

pytest-django loads the settings before this file (ENTRAIDE_TESTING=1 comes from the Makefile);
the test settings below are applied for the whole session whatever the environment says.
"""

import email
import email.policy
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest
from django.test.utils import override_settings

from entraide.accounts.tests.factories import PASSWORD, UserFactory
from entraide.territories.tests.factories import saint_dizier_communes

__all__ = ["PASSWORD", "assert_no_serious_axe_violations"]

ROOT = Path(__file__).resolve().parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Playwright must never download a browser build of its own: we drive Debian's chromium.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


# --- Settings for the whole session -------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _test_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Queued tasks (e-mails) run at once, uploads and collected static files land in temporary
    folders, passwords hash fast, and no page asks a tile server for anything."""
    overrides = override_settings(
        TASKS={
            "default": {
                "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                "QUEUES": ["default"],
            }
        },
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        # An existing (empty) folder, so WhiteNoise does not warn; the live server serves the
        # static files from the apps' folders.
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MAP_TILE_URL="",
    )
    overrides.enable()
    yield
    overrides.disable()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """One test database per run (pid suffix), so that engineers running the suite at the same
    time on one machine never drop each other's database."""
    from django.conf import settings

    suffix = str(os.getpid())
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        if db["ENGINE"] == "django.db.backends.sqlite3":
            name = test.get("NAME")
            if name and name != ":memory:" and not name.startswith("file:"):
                path = Path(name)
                test["NAME"] = str(path.with_name(f"{path.stem}-{suffix}{path.suffix}"))
        else:
            test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth's rate limits live in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- A real SMTP server -------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    to: list[str]
    subject: str
    body: str
    sender: str
    attachments: dict[str, str] = field(default_factory=dict)  # filename → text content
    message_id: str = ""

    def link(self, pattern: str = r"https?://\S+") -> str:
        """The first URL in the body matching `pattern` (a regular expression)."""
        match = re.search(pattern, self.body)
        if match is None:
            raise AssertionError(f"No link matching {pattern!r} in:\n{self.body}")
        return match.group(0)


@dataclass
class SMTPServer:
    host: str
    port: int
    messages: list[ReceivedMail] = field(default_factory=list)
    _lock: threading.Condition = field(default_factory=threading.Condition)

    def receive(self, mail: ReceivedMail) -> None:
        with self._lock:
            self.messages.append(mail)
            self._lock.notify_all()

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[ReceivedMail]:
        """Wait until at least `count` messages arrived (up to `timeout` seconds)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"Expected {count} e-mail(s) within {timeout} s, got {len(self.messages)}: "
                        f"{[m.subject for m in self.messages]}"
                    )
                self._lock.wait(remaining)
            return list(self.messages)

    @property
    def last(self) -> ReceivedMail:
        if not self.messages:
            raise AssertionError("No e-mail received")
        return self.messages[-1]

    def last_link(self, pattern: str = r"https?://\S+", timeout: float = 5.0) -> str:
        """Wait for a first message, then the first link matching `pattern` in the last one."""
        self.wait_for(1, timeout)
        return self.last.link(pattern)


class _CollectingHandler:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = body_part.get_content() if body_part is not None else ""
        self.server.receive(
            ReceivedMail(
                to=list(envelope.rcpt_tos),
                subject=str(message["subject"] or ""),
                body=body,
                sender=envelope.mail_from,
                attachments={
                    part.get_filename(): part.get_content()
                    for part in message.iter_attachments()
                    if part.get_filename()
                },
                message_id=str(message["message-id"] or ""),
            )
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def _smtp_controller() -> Iterator[SMTPServer]:
    from aiosmtpd.controller import Controller

    server = SMTPServer(host="127.0.0.1", port=_free_port())
    controller = Controller(_CollectingHandler(server), hostname=server.host, port=server.port)
    controller.start()
    yield server
    controller.stop()


@pytest.fixture
def smtp_server(_smtp_controller: SMTPServer, settings: Any) -> SMTPServer:
    """A real SMTP server on 127.0.0.1 that Django sends to for this test; its `messages` are
    parsed (`to`, `subject`, `body`); `wait_for(n)` and `last_link()` help reading them."""
    _smtp_controller.clear()
    # Django 6.1's MAILERS (the EMAIL_* settings are deprecated); it wins over EMAIL_* when set.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_controller.host,
                "port": _smtp_controller.port,
                "use_tls": False,
                "timeout": 5,
            },
        }
    }
    return _smtp_controller


# --- Query counts -------------------------------------------------------------------------


# The number of items a list shows, or a tuple of them for a page of several lists.
Shown = int | tuple[int, ...]


class ListQueries(Protocol):
    def __call__(self, fetch: Callable[[], Any], *, items: Callable[[Any], Shown], expected: Shown) -> int: ...  # fmt: skip


@pytest.fixture
def list_queries(db: None) -> ListQueries:
    """The number of queries `fetch()` costs, once its answer is known to be the list asked for:
    a response must be a 200 and `items(answer)` (cards, rows, entries of the context…) must be
    `expected`. A list test compares this at 1 and at 3 items, so an empty page or an error
    page, which cost the same queries whatever the data, cannot make it pass."""
    from django.db import connection
    from django.http import HttpResponseBase
    from django.test.utils import CaptureQueriesContext

    def measure(fetch: Callable[[], Any], *, items: Callable[[Any], Shown], expected: Shown) -> int:
        with CaptureQueriesContext(connection) as captured:
            answer = fetch()
        if isinstance(answer, HttpResponseBase):
            assert answer.status_code == 200, (
                f"the list answered {answer.status_code}, not 200: its queries say nothing"
            )
        shown = items(answer)
        assert shown == expected, (
            f"the list shows {shown} item(s), not {expected}: its queries say nothing"
        )
        return len(captured)

    return measure


# --- Personas and the territory -----------------------------------------------------------


@pytest.fixture
def territory(db: None) -> Any:
    """ "Saint-Dizier agglomération" (slug `saint-dizier`) over Saint-Dizier (52448),
    Chancenay (52104) and Bettancourt-la-Ferrée (52045), all in 52100."""
    from entraide.territories.services import create_territory

    communes = saint_dizier_communes()
    return create_territory(
        None,
        name="Saint-Dizier agglomération",
        slug="saint-dizier",
        commune_codes=[commune.insee_code for commune in communes],
        description="La vie associative de Saint-Dizier et de ses voisines.",
    )


@pytest.fixture
def saint_dizier(territory: Any) -> Any:
    """The Saint-Dizier commune (52448) of `territory`."""
    return territory.communes.get(insee_code="52448")


@pytest.fixture
def volunteer(db: None) -> Any:
    return UserFactory(email="camille@example.org", first_name="Camille", last_name="Dupont")


@pytest.fixture
def association_admin(db: None) -> Any:
    return UserFactory(email="alex@example.org", first_name="Alex", last_name="Martin")


@pytest.fixture
def staff(territory: Any) -> Any:
    from entraide.territories.services import add_territory_staff

    person = UserFactory(email="sophie@example.org", first_name="Sophie", last_name="Bernard")
    add_territory_staff(None, territory, person)
    return person


@pytest.fixture
def outsider(db: None) -> Any:
    return UserFactory(email="olivier@example.org", first_name="Olivier", last_name="Petit")


@pytest.fixture(scope="session")
def france_communes() -> list[Any]:
    """France's communes read once per session from the npm packages (about 1 s)."""
    from django.conf import settings

    from entraide.territories.geodata import read_communes

    return read_communes(Path(settings.NODE_MODULES))


@pytest.fixture
def real_communes(db: None, france_communes: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The real communes of Haute-Marne (52) and Paris (75), loaded by `load_communes` itself
    (the files are read once per session). For the geodata and geocoder tests; other tests
    use `territory` or `CommuneFactory`, which are much lighter."""
    from django.core.management import call_command

    monkeypatch.setattr(
        "entraide.territories.management.commands.load_communes.read_communes",
        lambda node_modules: france_communes,
    )
    call_command("load_communes", departments="52,75", force=True, verbosity=0)


# --- Browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless chromium, driven by Playwright's sync API."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be
    # usable from the test body.
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_page(browser: Any, width: int, height: int) -> Iterator[Any]:
    # bypass_csp lets axe-core be injected; the pages themselves keep their policy otherwise.
    context = browser.new_context(
        viewport={"width": width, "height": height}, bypass_csp=True, locale="fr-FR"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at desktop width, 1280×800."""
    yield from _new_page(browser, 1280, 800)


@pytest.fixture
def mobile_page(browser: Any) -> Iterator[Any]:
    """A fresh browser context at a phone's width, 375×812."""
    yield from _new_page(browser, 375, 812)


def assert_no_serious_axe_violations(page: Any) -> None:
    """Run axe-core in the page and fail with a readable list of the serious and critical
    violations (impact "serious" or "critical")."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate("async () => await window.axe.run(document)")
    serious = [
        violation
        for violation in results["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
    if serious:
        lines = [f"axe found {len(serious)} serious/critical violation(s) on {page.url}:"]
        for violation in serious:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        pytest.fail("\n".join(lines), pytrace=False)
