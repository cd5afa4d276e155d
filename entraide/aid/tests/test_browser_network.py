"""Issue 14's journey in headless Chromium: Alice creates a group that asks one sponsor; Bob, on
his phone, asks to join and accepts its charter; Alice sponsors him from her notification and he
is in. Bob asks his connections' connections for help; Dan, his connection, passes it on; Carol,
a connection of Dan only, sees it and answers by message; Bob marks it resolved and thanks her.
Bob reads how far it went, never through whom. axe-core checks the group, feed, request,
sponsorship and connections pages, each usable 375 px wide."""

import re

import pytest

from conftest import PASSWORD, assert_no_serious_axe_violations
from entraide.aid.models import AidRequest
from entraide.aid.tests.factories import befriend
from entraide.community.enums import MembershipState
from entraide.community.models import Membership
from entraide.community.tests.factories import make_person
from entraide.territories.tests.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUP = "Les Voisins du Vert-Bois"
REQUEST = "Qui me prête une échelle ?"


def log_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/comptes/login/).*$"))


def assert_fits_the_screen(page):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def check_page(page):
    """No serious or critical axe violation, and nothing wider than the phone's screen."""
    assert_no_serious_axe_violations(page)
    assert_fits_the_screen(page)


def test_a_group_on_sponsorship_then_a_request_that_travels_two_hops_and_is_resolved(
    page, mobile_page, live_server
):
    CommuneFactory(
        insee_code="52448",
        name="Saint-Dizier",
        postcodes="52100",
        latitude=48.6383,
        longitude=4.9497,
    )
    alice, bob, dan, carol = (make_person(name) for name in ("Alice", "Bob", "Dan", "Carol"))
    befriend(alice, bob)
    befriend(bob, dan)
    befriend(dan, carol)
    phone = mobile_page  # 375 px wide

    # Alice creates a members-only group whose newcomers need one sponsor.
    log_in(page, live_server, alice.email)
    page.goto(f"{live_server.url}/groupes/nouveau/")
    page.fill("input[name=name]", GROUP)
    page.fill("textarea[name=description]", "Entraide entre voisins du quartier.")
    page.check("input[name=visibility][value=members]")
    page.check("input[name=admission][value=sponsorship]")
    page.fill("input[name=sponsors_required]", "1")
    page.fill("textarea[name=charter]", "On se rend service, on se parle avec respect.")
    page.click("main form button:has-text('Créer le groupe')")
    page.wait_for_url(re.compile(r".*/groupes/[\w-]+/$"))
    group_url = page.url

    # Bob, on his phone, asks to join and accepts the charter.
    log_in(phone, live_server, bob.email)
    phone.goto(group_url)
    check_page(phone)
    phone.click("main a:has-text('Demander à entrer (parrainage)')")
    assert "On se rend service" in phone.inner_text("main")
    phone.check("input[name=accept_charter]")
    phone.click("main form button:has-text('Envoyer')")
    phone.wait_for_url(group_url)
    membership = Membership.objects.get(person=bob, group__name=GROUP)
    assert membership.state == MembershipState.REQUESTED

    # Alice is told on the site and sponsors him from the candidate's page.
    page.goto(f"{live_server.url}/notifications/")
    page.click("main button:has-text('Voir')")
    page.wait_for_url(re.compile(r".*/candidats/\d+/$"))
    assert "Bob" in page.inner_text("h1")
    check_page(page)
    page.fill("textarea[name=sentence]", "Bob est mon voisin depuis dix ans, il tient parole.")
    page.click("main form button:has-text('Parrainer')")
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE

    # Bob is in: his sponsorships page and the feed across his groups.
    phone.goto(group_url)
    assert phone.locator("main a:has-text('Quitter le groupe')").count() == 1
    phone.goto(group_url + "mes-parrainages/")
    check_page(phone)
    phone.goto(f"{live_server.url}/groupes/fil/")
    check_page(phone)
    phone.goto(f"{live_server.url}/relations/")
    assert "Dan" in phone.inner_text("main")
    check_page(phone)

    # Bob asks his connections' connections for help.
    phone.goto(f"{live_server.url}/entraide/nouvelle/")
    check_page(phone)
    phone.check("input[name=kind][value=demande]")
    phone.select_option("select[name=category]", "emprunt")
    phone.fill("input[name=title]", REQUEST)
    phone.fill("textarea[name=text]", "Pour repeindre mon volet samedi, une échelle de 3 m.")
    phone.fill("input[name=commune]", "52100")
    phone.check("input[name=audience][value=friends_of_friends]")
    phone.click("main form button:has-text('Publier')")
    phone.wait_for_url(re.compile(r".*/entraide/\d+/$"))
    request_url = phone.url
    check_page(phone)

    # Dan, Bob's connection, passes it on.
    log_in(page, live_server, dan.email)
    page.goto(f"{live_server.url}/entraide/")
    check_page(page)
    page.click(f"main a:has-text('{REQUEST}')")
    page.click("main button:has-text('Faire suivre à mes relations')")
    assert "Vous l’avez fait suivre à vos relations." in page.inner_text("main")

    # Carol, a connection of Dan only, sees it and answers by message.
    log_in(page, live_server, carol.email)
    page.goto(f"{live_server.url}/entraide/")
    page.click(f"main a:has-text('{REQUEST}')")
    assert page.url == request_url
    body_seen_by_carol = page.inner_text("main")
    assert "Dan" not in body_seen_by_carol  # never through whom it came
    page.fill("textarea[name=body]", "J’en ai une de 4 m, passez la prendre vendredi soir.")
    page.click("main form button:has-text('Envoyer')")
    page.wait_for_url(re.compile(r".*/messages/\d+/$"))
    assert "passez la prendre vendredi soir" in page.inner_text("main")

    # Bob reads how far it went, never through whom, and thanks Carol.
    phone.goto(request_url)
    reach = phone.locator("section[aria-labelledby=reach]").inner_text()
    assert "3 personnes atteintes" in reach
    assert "jusqu’à 2 degrés de vous" in reach
    assert "1 personne l’a fait suivre" in reach
    assert "Dan" not in phone.inner_text("main")
    assert "Alice" not in phone.inner_text("main")
    check_page(phone)
    phone.get_by_label(re.compile("Carol")).check()
    phone.fill("textarea[name=thanks]", "Merci Carol, le volet est repeint !")
    phone.click("main form button:has-text('C’est résolu')")
    phone.wait_for_url(request_url)
    assert "Merci Carol, le volet est repeint !" in phone.inner_text("main")

    # Carol reads the thank-you; a resolved request no longer travels.
    page.goto(request_url)
    assert "Vous en faites partie : merci pour votre aide !" in page.inner_text("main")
    assert page.locator("main button:has-text('Faire suivre')").count() == 0
    assert AidRequest.objects.get(title=REQUEST).status == "resolved"
