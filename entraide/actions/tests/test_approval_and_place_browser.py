"""In headless Chromium, with axe-core: the confirmation asked for a place outside the
organisation's territory, and the approval badge of the agenda's card (issue 11, items 5, 14)."""

import pytest

from conftest import assert_no_serious_axe_violations
from entraide.actions.models import Action
from entraide.actions.tests.factories import make_action
from entraide.actions.tests.test_organiser_browser import log_in
from entraide.territories.services import create_territory
from entraide.territories.tests.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_confirms_a_place_outside_the_territory_before_it_is_saved(
    browser, page, live_server, association_admin, organisation
):
    CommuneFactory(insee_code="52250", name="Joinville", postcodes="52300")
    create_territory(None, name="Pays de Joinville", commune_codes=["52250"])
    log_in(page, live_server, association_admin.email)
    page.goto(f"{live_server.url}/organisations/{organisation.slug}/actions/nouvelle/")

    page.fill("input[name=title]", "Chantier à Joinville")
    page.fill("textarea[name=description]", "Désherbage au jardin de Joinville.")
    page.check("input[name=interests][value='1']")
    page.fill("input[name=place]", "Joinville")
    page.click("main form button[type=submit]")

    warning = page.locator(".message--warning[role=alert]")
    assert "l’agenda de Pays de Joinville" in warning.inner_text()
    assert Action.objects.count() == 0
    assert_no_serious_axe_violations(page)

    page.check("text=Je confirme le lieu : Joinville (52)")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/creneaux/")
    assert Action.objects.get().commune_id == "52250"


def test_agenda_card_of_an_action_needing_approval_passes_axe(
    browser, page, live_server, association_admin, organisation
):
    make_action(association_admin, organisation, title="Maraude du soir", requires_approval=True)

    page.goto(f"{live_server.url}/saint-dizier/agenda/")

    card = page.locator(".slot-card", has_text="Maraude du soir")
    assert card.locator(".badge").inner_text() == "Sur validation de l’organisation"
    assert card.locator("button").inner_text().startswith("Demander à participer")
    assert_no_serious_axe_violations(page)
