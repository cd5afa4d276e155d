"""The API's Swagger UI works under the site's Content-Security-Policy (no CDN, no inline
script): this is a real browser that enforces the policy, unlike the shared `page` fixture."""

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ninja_removed(settings: Any) -> Iterator[None]:
    """Without "ninja" in INSTALLED_APPS its static Swagger UI is not served: our own page."""
    from django.contrib.staticfiles.finders import get_finder

    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "ninja"]
    get_finder.cache_clear()
    yield
    get_finder.cache_clear()


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=False)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def csp_violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)  # fmt: skip
    return found


def test_the_policy_is_enforced_in_this_browser(live_server, strict_page):
    violations = csp_violations(strict_page)
    strict_page.goto(f"{live_server.url}/api/v1/docs")

    strict_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }"
    )

    strict_page.wait_for_timeout(200)
    assert violations != []


def test_swagger_ui_renders_under_the_content_security_policy(live_server, strict_page):
    violations = csp_violations(strict_page)

    strict_page.goto(f"{live_server.url}/api/v1/docs")

    strict_page.get_by_text("/api/v1/actions/{action_id}").first.wait_for()
    strict_page.wait_for_timeout(300)
    assert violations == []


def test_our_own_docs_page_without_ninja_in_installed_apps(live_server, strict_page, ninja_removed):
    violations = csp_violations(strict_page)

    strict_page.goto(f"{live_server.url}/api/v1/docs")

    assert strict_page.get_by_role("link", name="openapi.json").count() == 1
    assert violations == []
