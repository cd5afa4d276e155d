"""Phone screenshots of entraide for the README: the agenda, the directory, an action's page
and the header with its menu open, 375 px wide, in docs/screenshots/.

    .venv/bin/python scripts/screenshots.py

About 20 s. It builds a throwaway SQLite database in a temporary folder with the small
Saint-Dizier territory of the layout tests (entraide/core/tests/phone_world.py: two verified
associations, three actions, a findable volunteer), serves it with `manage.py runserver` on a
free port of 127.0.0.1, and drives Debian's chromium through Playwright (never a browser
Playwright would download). The pages are shown to a visitor; the menu to Camille, logged in.
Needs the development dependencies (factory_boy, Playwright) and `chromium` on the PATH.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 375, 812


@dataclass(frozen=True)
class Shot:
    filename: str
    path: Callable[[Any], str]  # the page's path, from the world built
    logged_in: bool = False
    open_menu: bool = False


SHOTS = (
    Shot("agenda.png", lambda world: "/saint-dizier/agenda/"),
    Shot("directory.png", lambda world: "/saint-dizier/annuaire/"),
    Shot("action.png", lambda world: world.action.get_absolute_url()),
    Shot("menu.png", lambda world: "/saint-dizier/agenda/", logged_in=True, open_menu=True),
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(folder: Path, port: int) -> dict[str, str]:
    """Settings for the throwaway site: its own database and media, no map tiles (no request
    leaves the machine), queued e-mails left in the database, debug on to serve static files."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'screenshots.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "MAP_TILE_URL": "",
        "DEBUG": "true",
        "DJANGO_ENV": "development",
        "ENTRAIDE_TESTING": "false",
        "ENTRAIDE_HOST": "127.0.0.1",
        "ENTRAIDE_PORT": str(port),
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
    }


def build_world() -> Any:
    """The layout tests' territory, through the same factories and services, plus Camille."""
    import django

    django.setup()
    from django.core.management import call_command

    from entraide.accounts.tests.factories import UserFactory
    from entraide.core.tests.phone_world import build_phone_world
    from entraide.territories.services import add_territory_staff, create_territory
    from entraide.territories.tests.factories import saint_dizier_communes

    call_command("migrate", verbosity=0)
    territory = create_territory(
        None,
        name="Saint-Dizier agglomération",
        slug="saint-dizier",
        commune_codes=[commune.insee_code for commune in saint_dizier_communes()],
        description="La vie associative de Saint-Dizier et de ses voisines.",
    )
    person = UserFactory.create
    staff = person(email="sophie@example.org", first_name="Sophie", last_name="Bernard")
    add_territory_staff(None, territory, staff)
    admin = person(email="alex@example.org", first_name="Alex", last_name="Martin")
    outsider = person(email="olivier@example.org", first_name="Olivier", last_name="Petit")
    person(email="camille@example.org", first_name="Camille", last_name="Dupont")
    world = build_phone_world(admin, staff, territory.communes.get(insee_code="52448"), outsider)
    from django.db import connections

    connections.close_all()  # the server reads the file from now on
    return world


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(  # noqa: S603 - our own manage.py, no shell
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/saint-dizier/", timeout=2)  # noqa: S310 - local
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the development server did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def take_screenshots(url: str, world: Any) -> list[Path]:
    from playwright.sync_api import sync_playwright

    # The browser tests' own flags (conftest.py): the same headless Debian chromium.
    from conftest import CHROMIUM_ARGS
    from entraide.core.tests.phone_world import log_in

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        for shot in SHOTS:
            context = browser.new_context(
                viewport={"width": WIDTH, "height": HEIGHT}, locale="fr-FR", device_scale_factor=1
            )
            page = context.new_page()
            if shot.logged_in:
                log_in(page, SimpleNamespace(url=url), "camille@example.org")
            page.goto(url + shot.path(world))
            if shot.open_menu:
                page.click(".site-menu__toggle")
            target = OUTPUT / shot.filename
            page.screenshot(path=str(target))
            written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="entraide-screenshots-") as name:
        folder = Path(name)
        port = free_port()
        env = environment(folder, port)
        os.environ.update(env)
        world = build_world()
        with serving(env, port) as url:
            for path in take_screenshots(url, world):
                print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
