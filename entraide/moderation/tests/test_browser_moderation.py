"""Issue 15's moderation journey in headless Chromium: Rita reports Mia's comment; Théo, a
moderator of the territory, hides it from the queue; Mia reads the statement of reasons and
appeals; Tina, another moderator, restores it. axe-core checks the report form, the queue, the
case, the statement and the transparency page, each usable 375 px wide."""

import re

import pytest

from conftest import PASSWORD, assert_no_serious_axe_violations
from entraide.community.models import Comment
from entraide.core.models import Notification
from entraide.moderation.models import Decision
from entraide.moderation.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/comptes/login/).*$"))


def check_page(page):
    assert_no_serious_axe_violations(page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_a_reported_comment_is_hidden_appealed_and_restored_by_another_moderator(
    live_server, mobile_page
):
    world = build_world()
    page = mobile_page
    log_in(page, live_server, "rita@example.org")
    page.goto(f"{live_server.url}{world.post.get_absolute_url()}")
    page.locator(f"#comment-{world.comment.pk} a", has_text="Signaler").click()
    check_page(page)
    page.check("input[name=category][value=hateful]")
    page.fill("#id_reason", "Ce commentaire se moque d’une voisine.")
    page.check("#id_good_faith")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/moderation/mes-signalements/$"))

    log_in(page, live_server, "theo@example.org")
    page.goto(f"{live_server.url}/moderation/{world.territory.slug}/")
    check_page(page)
    page.get_by_role("link", name="Examiner").click()
    check_page(page)
    page.select_option("#id_kind", "hide")
    page.fill("#id_reason", "Moquerie envers une voisine.")
    page.fill("#id_rule", "Charte : bienveillance")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/moderation/dossiers/\d+/$"))
    world.comment.refresh_from_db()
    assert world.comment.hidden_at is not None

    log_in(page, live_server, "mia@example.org")
    notice = Notification.objects.get(recipient=world.people["mia"], kind="moderation.statement")
    page.goto(f"{live_server.url}{notice.url}")
    check_page(page)
    assert "Charte : bienveillance" in page.inner_text("main")
    page.fill("#id_body", "C’était une plaisanterie entre voisines, pas une moquerie.")
    page.click("main form button[type=submit]")
    page.get_by_text("Votre recours est envoyé").wait_for()

    log_in(page, live_server, "tina@example.org")
    page.goto(f"{live_server.url}{notice.url}")
    page.check("input[name=outcome][value=reversed]")
    page.fill("#id_reason", "Une plaisanterie, sans intention blessante.")
    page.locator("form[action*='/decider/'] button[type=submit]").click()
    page.get_by_text("Le recours est décidé").wait_for()

    assert Comment.objects.get(pk=world.comment.pk).hidden_at is None
    assert Decision.objects.filter(moderator=world.people["tina"], kind="restore").count() == 1
    page.goto(f"{live_server.url}/moderation/{world.territory.slug}/transparence/")
    check_page(page)
