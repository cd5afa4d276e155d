"""Issue 15's newsroom journey in headless Chromium: Eve, an editor, writes an interview with a
cover image linking an action and submits it; Sophie, a second editor (the territory's staff),
publishes it; it is in the territory's RSS feed; Camille, a reader on her phone, joins the
action from the article's card in one click. axe-core checks the editor's form and the article,
the article usable 375 px wide."""

import re
from io import BytesIO

import feedparser
import pytest
from PIL import Image

from conftest import PASSWORD, assert_no_serious_axe_violations
from entraide.actions.models import Participation
from entraide.actions.tests.factories import first_slot, make_action
from entraide.community.tests.factories import make_person
from entraide.editorial import services
from entraide.editorial.models import Article
from entraide.organisations.tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Camille, jardinière du Vert-Bois"


def log_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/comptes/login/).*$"))


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (1200, 700), (20, 120, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_editor_writes_an_interview_another_publishes_it_and_a_reader_joins_from_it(
    page, mobile_page, live_server, territory, saint_dizier, staff, volunteer
):
    alex = make_person("Alex")
    organisation = make_organisation(alex, saint_dizier, verified_by=staff)
    action = make_action(alex, organisation, capacity=5, title="Chantier au jardin partagé")
    eve = make_person("Eve")
    services.give_editor_role(staff, territory, eve)

    # Eve writes the interview with its cover and the action, then submits it.
    log_in(page, live_server, eve.email)
    page.goto(f"{live_server.url}/{territory.slug}/redaction/nouvel-article/")
    assert_no_serious_axe_violations(page)
    page.check("input[name=kind][value=interview]")
    page.fill("input[name=title]", TITLE)
    page.fill(
        "textarea[name=standfirst]", "Chaque samedi, Camille retrouve ses voisins au potager."
    )
    page.fill(
        "textarea[name=body]",
        "Rencontre au jardin.\n\nQ : Pourquoi ce jardin ?\n\nR : Pour retrouver mes voisins.",
    )
    page.set_input_files(
        "input[name=cover]",
        files=[{"name": "jardin.png", "mimeType": "image/png", "buffer": _png()}],
    )
    page.fill("input[name=cover_alt]", "Des voisins au potager")
    page.check(f"input[name=actions][value='{action.pk}']")
    page.click("main form button:has-text('Enregistrer le brouillon')")
    page.wait_for_url(re.compile(r".*/redaction/\d+/$"))
    page.click("main button:has-text('Proposer à la relecture')")
    page.wait_for_selector("text=Proposé à la relecture")

    # Sophie publishes it.
    article = Article.objects.get()
    log_in(page, live_server, staff.email)
    page.goto(f"{live_server.url}/{territory.slug}/redaction/{article.pk}/")
    page.click("main button:has-text('Publier')")
    page.wait_for_selector("text=Article publié.")
    feed = feedparser.parse(
        page.request.get(f"{live_server.url}/{territory.slug}/articles/rss/").body()
    )
    assert [entry.title for entry in feed.entries] == [TITLE]

    # Camille, on her phone, opens it and joins the action from its card in one click.
    phone = mobile_page
    log_in(phone, live_server, volunteer.email)
    phone.goto(feed.entries[0].link)
    assert phone.locator(".interview__question").count() == 1
    assert_no_serious_axe_violations(phone)
    overflow = phone.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    phone.click(".article-links button:has-text('Je participe')")
    phone.wait_for_selector("text=Vous êtes inscrit·e !")
    slot = first_slot(action)
    assert (
        Participation.objects.filter(person=volunteer, slot=slot, status="confirmed").count() == 1
    )
    phone.goto(feed.entries[0].link)
    assert "1 personne a rejoint ces actions" in phone.inner_text("main")
