from django.test import override_settings

from entraide.territories.tests.factories import TerritoryFactory


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


def test_home_runs_two_queries_at_most_whatever_the_number_of_territories(client, db, list_queries):
    for _ in range(3):
        TerritoryFactory()

    queries = list_queries(
        lambda: client.get("/"), items=lambda r: len(r.context["territories"]), expected=3
    )

    assert queries <= 2


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
