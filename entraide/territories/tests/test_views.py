from datetime import timedelta

from django.test import override_settings

from entraide.actions.tests.factories import make_action
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff
from entraide.territories.tests.factories import CommuneFactory, TerritoryFactory


def test_home_lists_the_territories(client, territory):
    TerritoryFactory(name="Chaumont", slug="chaumont")

    response = client.get("/")

    assert response.status_code == 200
    assert [t.slug for t in response.context["territories"]] == ["chaumont", "saint-dizier"]
    assert "Saint-Dizier agglomération" in response.text
    assert 'href="/saint-dizier/"' in response.text


def test_home_without_territories_shows_the_empty_state(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "Aucun territoire n’est encore ouvert sur cette plateforme." in response.text


def _territory_with_an_action(person, name):
    commune = CommuneFactory(name=name)
    territory = TerritoryFactory(name=name, slug=name.lower(), communes=[commune])
    add_territory_staff(None, territory, person)
    organisation = make_organisation(person, commune, name=f"Club {name}", verified_by=person)
    make_action(person, organisation, title=f"Action à {name}", starts_in=timedelta(days=2))
    return territory


def test_site_home_gives_a_taste_of_each_territory_its_actions_of_the_week(client, staff):
    _territory_with_an_action(staff, "Joinville")
    TerritoryFactory(name="Wassy", slug="wassy")

    response = client.get("/")

    joinville = response.text.split('id="territoire-joinville"', 1)[1].split("</li>\n", 1)[0]
    assert "Action à Joinville" in joinville
    wassy = response.text.split('id="territoire-wassy"', 1)[1]
    assert "Aucune action avec des places libres cette semaine." in wassy.split("</li>", 1)[0]


def test_site_home_costs_a_few_queries_per_territory_shown(client, staff, list_queries):
    # A platform opens few territories: the home asks each its sections (views.TASTED_TERRITORIES).
    def queries(count):
        return list_queries(
            lambda: client.get("/"), items=lambda r: r.text.count(">Action à "), expected=count
        )

    _territory_with_an_action(staff, "Joinville")
    with_one = queries(1)
    for name in ("Wassy", "Langres"):
        _territory_with_an_action(staff, name)
    with_three = queries(3)

    assert (with_three - with_one) / 2 <= 4


def test_territory_home_renders_with_its_communes(client, territory):
    response = client.get("/saint-dizier/")

    assert response.status_code == 200
    assert response.context["territory"] == territory
    assert response.context["commune_count"] == 3
    assert [c.insee_code for c in response.context["communes"]] == ["52448", "52045", "52104"]
    assert "<h1>Saint-Dizier agglomération</h1>" in response.text


def test_territory_home_sets_the_current_territory_of_the_layout(client, territory):
    response = client.get("/saint-dizier/")

    assert response.context["current_territory"] == territory
    assert '<span class="brand__territory">Saint-Dizier agglomération</span>' in response.text


@override_settings(DEBUG=False)
def test_unknown_territory_is_a_404_not_a_500(client, db):
    response = client.get("/unknown-territory/")

    assert response.status_code == 404
    assert "Page introuvable" in response.text
