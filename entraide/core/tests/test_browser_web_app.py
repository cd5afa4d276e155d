"""Issue 12, item 4, in headless Chromium: the manifest is the one the browser reads, and once
a page was visited, the service worker shows the offline page when the network is gone."""

import pytest

from entraide.core.tests.phone_world import new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_without_network_a_page_shows_the_offline_page(browser, live_server, territory):
    page = new_page(browser, 375, 800)
    try:
        page.goto(f"{live_server.url}/saint-dizier/")
        page.evaluate("async () => { await navigator.serviceWorker.ready; }")
        page.reload()  # now under the worker's control
        assert page.evaluate("() => navigator.serviceWorker.controller !== null")
        manifest = page.evaluate(
            "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
        )
        assert manifest["short_name"] == "entraide"

        page.context.set_offline(True)
        page.goto(f"{live_server.url}/saint-dizier/agenda/")
        assert page.locator("h1").inner_text() == "Vous êtes hors ligne"
        # Styled from the cache too.
        assert page.evaluate("() => document.styleSheets[0].cssRules.length") > 10

        page.context.set_offline(False)
        page.click("text=Réessayer")
        assert page.locator("h1").inner_text().startswith("Agir près de chez vous")
    finally:
        page.context.close()
