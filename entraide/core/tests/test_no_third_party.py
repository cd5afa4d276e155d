"""The "no ads, no trackers" promise, crawled (issue 15): every page reachable by links from
the site's home and a territory's front page, as a visitor and as a member, loads nothing from
another site (script, stylesheet, font, image, frame, video or audio, preloads and icons, CSS
`url()` in style attributes), runs no inline script (JSON data, such as schema.org's JSON-LD,
is not a script), and carries a Content-Security-Policy that forbids third-party scripts.

The world is the privacy matrix's (privacy_world.py), with a live broadcast running now from a
third-party host and a charter in force: the broadcast's page is crawled as it is before the
visitor's click; the click itself (`?video=1`, which lets that one host in) is not followed
here but tested in actions/tests/test_broadcasts.py."""

import re
from collections import Counter, deque
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client, TestCase
from django.utils import timezone

from entraide.actions.models import Slot
from entraide.actions.tests.factories import make_action
from entraide.core.tests.privacy_world import World, build_world
from entraide.territories.services import accept_charter, publish_charter

START = ["/", "/saint-dizier/"]
MAX_PAGES = 300
# Pages of one path that differ only by their query (weeks of the agenda, pages of a list):
# a few are enough to see the path's template, the rest would use the crawl's budget.
QUERIES_PER_PATH = 3
# Not pages: the admin, the static files, the feeds and calendars (no HTML), logging out; and
# the click that loads a broadcast's player.
SKIPPED = re.compile(r"^/(admin|static|media)/|\.(ics|xml|json|webmanifest|js|png|svg)$|/logout/")
DATA_SCRIPTS = {"application/ld+json", "application/json"}
URL_IN_STYLE = re.compile(r"url\(\s*['\"]?([^'\")]+)")
# Which attributes of which elements make the browser fetch something.
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "source": ("src", "srcset"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
FETCHED_LINKS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                 "apple-touch-icon", "manifest", "preconnect", "dns-prefetch"}  # fmt: skip


class Page(HTMLParser):
    """What a page fetches, the inline scripts it holds, and where its links go."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[tuple[str, str]] = []
        self.inline_scripts: list[str] = []
        self.links: list[str] = []
        self._in_script: tuple[str, bool] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name in FETCHED.get(tag, ()):
            if values.get(name):
                for url in values[name].split(",") if name == "srcset" else [values[name]]:
                    self.fetched.append((f"<{tag} {name}>", url.strip().split(" ")[0]))
        if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHED_LINKS:
            self.fetched.append((f"<link rel={values['rel']}>", values.get("href", "")))
        for url in URL_IN_STYLE.findall(values.get("style", "")):
            self.fetched.append((f"<{tag} style>", url))
        if tag == "script":
            self._in_script = (values.get("type", "").lower(), "src" in values)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            kind, has_src = self._in_script
            if not has_src and kind not in DATA_SCRIPTS and data.strip():
                self.inline_scripts.append(data.strip()[:80])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def is_third_party(url: str) -> bool:
    """Another origin: an absolute or protocol-relative address not of this site. `data:` is
    inline (images of the CSS), never a request."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return False
    return bool(parts.netloc) and parts.netloc != "testserver"


def policy_of(header: str) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


def next_url(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if SKIPPED.search(parts.path) or "video=1" in parts.query:
        return None
    return path


def crawl(client: Client) -> tuple[dict[str, list[str]], list[str]]:
    """Breadth first from the homes, each page once: the problems found, by page."""
    problems: dict[str, list[str]] = {}
    queue = deque(START)
    seen = set(START)
    per_path: Counter[str] = Counter()
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited.append(url)
        found: list[str] = []
        targets: list[str] = []
        if response.status_code >= 500:
            found.append(f"answered {response.status_code}")
        elif response.status_code in (301, 302):
            targets.append(response["Location"])
        elif response.get("Content-Type", "").startswith("text/html"):
            header = response.headers.get("Content-Security-Policy", "")
            policy = policy_of(header)
            scripts = policy.get("script-src", policy.get("default-src", []))
            if scripts != ["'self'"]:
                found.append(f"CSP script-src {scripts!r} (header {header!r})")
            page = Page()
            page.feed(response.content.decode())
            found += [f"{what} {src}" for what, src in page.fetched if is_third_party(src)]
            found += [f"inline <script>: {text}" for text in page.inline_scripts]
            targets = page.links
        if found:
            problems[url] = found
        for href in targets:
            target = next_url(url, href)
            if target is None or target in seen:
                continue
            path = urlsplit(target).path
            if "?" in target and per_path[path] >= QUERIES_PER_PATH:
                continue
            per_path[path] += "?" in target
            seen.add(target)
            queue.append(target)
    return problems, visited


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            world = build_world()
            alex = world.people["association_admin"]
            broadcast = make_action(alex, world.objects["organisation"], kind="broadcast",
                                    title="Le conseil municipal en direct", is_remote=True,
                                    stream_url="https://www.youtube.com/watch?v=abc123XYZ")  # fmt: skip
            start = timezone.now() - timedelta(minutes=10)
            Slot.objects.filter(action=broadcast).update(
                starts_at=start, ends_at=start + timedelta(hours=2)
            )
            territory = world.objects["territory"]
            publish_charter(world.people["staff"], territory, text="Bienveillance. " * 10)
            accept_charter(world.people["volunteer"], territory, version=1)
        world.objects["broadcast"] = broadcast
        yield world
        transaction.set_rollback(True)


@pytest.mark.parametrize("viewer", ["anonymous", "volunteer"])
def test_no_page_loads_anything_from_another_site_nor_runs_an_inline_script(
    world: World, db: None, viewer: str
) -> None:
    client = Client()
    if viewer != "anonymous":
        client.force_login(world.people[viewer])

    problems, visited = crawl(client)

    assert problems == {}
    # Guards against a vacuous crawl: it went well past the homes, to the broadcast's page.
    assert len(visited) > 30, visited
    assert world.objects["broadcast"].get_absolute_url() in visited


def test_the_crawls_reader_sees_what_a_browser_would_fetch_or_run():
    page = Page()
    page.feed(
        '<link rel="stylesheet" href="https://fonts.example.com/a.css">'
        '<img src="/static/a.png" srcset="/static/a.png 1x, //cdn.example.com/b.png 2x">'
        "<div style=\"background: url('https://pixel.example.com/p.gif')\"></div>"
        '<script type="application/ld+json">{"@type": "Article"}</script>'
        '<script>track()</script><iframe src="https://www.youtube.com/embed/x"></iframe>'
    )

    third_party = [(what, url) for what, url in page.fetched if is_third_party(url)]
    assert third_party == [
        ("<link rel=stylesheet>", "https://fonts.example.com/a.css"),
        ("<img srcset>", "//cdn.example.com/b.png"),
        ("<div style>", "https://pixel.example.com/p.gif"),
        ("<iframe src>", "https://www.youtube.com/embed/x"),
    ]
    assert page.inline_scripts == ["track()"]
