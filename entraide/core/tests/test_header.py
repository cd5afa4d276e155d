"""Issue 12, item 2: the header on every page: the territory, « Mon agenda », a bell drawn in
SVG with its unread count in words, a <details> menu for the rest; an action's page keeps the
Agenda and Annuaire of the territory it is listed in."""

import re

import pytest
from django.urls import reverse

from conftest import PASSWORD
from entraide.actions.tests.factories import make_action
from entraide.core.models import Notification
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import create_territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(association_admin, saint_dizier, staff):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    return make_action(association_admin, organisation)


def header_of(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def test_action_page_keeps_the_territorys_agenda_and_directory_links(client, action, territory):
    header = header_of(client.get(action.get_absolute_url()))
    assert 'href="/saint-dizier/agenda/"' in header
    assert 'href="/saint-dizier/annuaire/"' in header
    assert "Saint-Dizier agglomération" in header


def test_action_page_takes_the_most_local_territory_that_lists_its_commune(
    client, action, territory
):
    create_territory(
        None, name="Haute-Marne", slug="haute-marne", commune_codes=["52448", "52104", "52045"]
    )
    create_territory(None, name="Ville de Saint-Dizier", slug="ville", commune_codes=["52448"])
    header = header_of(client.get(action.get_absolute_url()))
    assert re.findall(r'href="/([a-z-]+)/(?:agenda|annuaire)/"', header) == ["ville"] * 4


def test_bell_is_an_svg_icon_with_its_unread_count_in_words(client, volunteer, territory):
    Notification.objects.create(
        recipient=volunteer, kind="messaging.new_message", title="Un message"
    )
    client.login(email=volunteer.email, password=PASSWORD)
    header = header_of(client.get(reverse("territories:home", args=[territory.slug])))
    assert "🔔" not in header
    bell = header[header.index('class="bell"') : header.index("</a>", header.index('class="bell"'))]
    assert '<svg class="icon" aria-hidden="true"' in bell
    assert '<span class="visually-hidden">Notifications</span>' in bell
    assert re.search(r'badge bell__count">\d+<span class="visually-hidden"> non lues', bell)


def test_header_menu_is_a_details_disclosure_holding_the_rest(client, volunteer, territory):
    client.login(email=volunteer.email, password=PASSWORD)
    header = header_of(client.get(reverse("territories:home", args=[territory.slug])))
    menu = header[header.index("<details") : header.index("</details>")]
    assert '<summary class="site-menu__toggle">' in menu
    for words in ("Actions pour moi", "Mes organisations", "Messages", "Mon compte",
                  "Se déconnecter"):  # fmt: skip
        assert words in menu
    quick = header[: header.index("<details")]
    assert "Mon agenda" in quick and "Mes organisations" not in quick
