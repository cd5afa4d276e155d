"""A territory's home shows its next actions and some of its associations, each with a link to
the whole list and an empty state, and its communes open that commune's agenda and directory."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions.tests.factories import make_action
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff
from entraide.territories.tests.factories import CommuneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

HOME = "/saint-dizier/"


def section(response, name: str) -> str:
    return response.content.decode().split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def titles_in(html: str) -> list[str]:
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a>", html)


@pytest.fixture
def jardins(association_admin, saint_dizier, staff):
    return make_organisation(
        association_admin, saint_dizier, verified_by=staff, name="Les Jardins partagés"
    )


def test_home_shows_the_next_actions_one_card_each_and_a_link_to_the_agenda(
    client, association_admin, jardins
):
    for day in range(8):
        make_action(association_admin, jardins, title=f"Action {day}", slots=3,
                    starts_in=timedelta(days=day + 1))  # fmt: skip

    response = client.get(HOME)

    upcoming = section(response, "next-actions")
    assert titles_in(upcoming) == [f"Action {day}" for day in range(6)]
    assert 'href="/saint-dizier/agenda/"' in upcoming
    assert "Voir tout l’agenda" in upcoming


@pytest.fixture
def chaumont_staff(db):
    """Staff of a neighbouring territory, Chaumont (52121), whose organisations they verify."""
    chaumont = CommuneFactory(insee_code="52121", name="Chaumont", postcodes="52000")
    territory = TerritoryFactory(name="Chaumont", slug="chaumont", communes=[chaumont])
    person = UserFactory(email="paul@example.org")
    add_territory_staff(None, territory, person)
    return person


def test_home_leaves_out_actions_of_other_territories_and_drafts(
    client, association_admin, chaumont_staff, jardins
):
    elsewhere = chaumont_staff.staffed_territories.get().communes.get()
    far = make_organisation(association_admin, elsewhere, name="Loin", verified_by=chaumont_staff)
    make_action(association_admin, far, title="Ailleurs")
    make_action(association_admin, jardins, title="Brouillon", publish=False)

    response = client.get(HOME)

    assert titles_in(section(response, "next-actions")) == []
    assert "Aucune action n’est prévue pour le moment." in section(response, "next-actions")


def test_home_shows_verified_associations_of_the_territory_and_a_link_to_the_directory(
    client, association_admin, chaumont_staff, saint_dizier, jardins
):
    make_organisation(association_admin, saint_dizier, name="En attente")
    elsewhere = chaumont_staff.staffed_territories.get().communes.get()
    make_organisation(
        association_admin, elsewhere, name="Hors territoire", verified_by=chaumont_staff
    )

    response = client.get(HOME)

    associations = section(response, "associations")
    assert titles_in(associations) == ["Les Jardins partagés"]
    assert 'href="/saint-dizier/annuaire/"' in associations


def test_home_without_actions_or_associations_says_so(client, territory):
    response = client.get(HOME)

    assert "Aucune action n’est prévue pour le moment." in section(response, "next-actions")
    assert "Aucune association n’est encore inscrite." in section(response, "associations")


def test_home_keeps_its_agenda_link(client, territory):
    response = client.get(HOME)

    assert re.search(r'<a class="button" href="/saint-dizier/agenda/">Agenda des actions</a>',
                     response.content.decode())  # fmt: skip


def commune_links(response) -> dict[str, list[str]]:
    """Each commune chip's links, by the commune's name."""
    chips = re.findall(
        r'<li class="tag commune-chip">\s*<span>([^<]+)</span>(.*?)</li>',
        response.content.decode(),
        flags=re.S,
    )
    return {
        name: [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', links)]
        for name, links in chips
    }


def test_each_commune_opens_its_agenda_and_its_directory(client, territory):
    response = client.get(HOME)

    links = commune_links(response)
    assert list(links) == ["Saint-Dizier", "Bettancourt-la-Ferrée", "Chancenay"]
    agenda, directory = links["Chancenay"]
    assert urlsplit(agenda).path == "/saint-dizier/agenda/"
    assert urlsplit(directory).path == "/saint-dizier/annuaire/"
    assert parse_qs(urlsplit(directory).query)["radius"] == ["0"]
    html = response.content.decode()
    assert "Actions près de Chancenay" in html.replace('<span class="visually-hidden">', "")
    assert "Associations de Chancenay" in html.replace('<span class="visually-hidden">', "")


def test_a_communes_directory_link_finds_that_communes_associations_only(
    client, association_admin, staff, territory, jardins
):
    chancenay = territory.communes.get(insee_code="52104")
    make_organisation(association_admin, chancenay, name="Club de Chancenay", verified_by=staff)
    # Chancenay shares 52100 with Saint-Dizier: the link must name the commune, not the postcode.
    _, directory = commune_links(client.get(HOME))["Chancenay"]

    response = client.get(directory)

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert [o.name for o in response.context["organisations"]] == ["Club de Chancenay"]


def test_a_communes_agenda_link_searches_around_that_commune(client, territory):
    agenda, _ = commune_links(client.get(HOME))["Chancenay"]

    response = client.get(agenda)

    assert response.status_code == 200
    assert "Nous ne trouvons pas" not in response.content.decode()
    assert "Chancenay" in response.content.decode()


def test_home_query_count_is_the_same_for_one_and_three_actions_and_associations(
    client, association_admin, staff, saint_dizier, territory, jardins, list_queries
):
    def queries(count):
        return list_queries(
            lambda: client.get(HOME),
            items=lambda r: tuple(
                len(titles_in(section(r, name))) for name in ("next-actions", "associations")
            ),
            expected=(count, count),
        )

    chancenay = territory.communes.get(insee_code="52104")
    make_action(association_admin, jardins, title="Un")
    client.get(HOME)  # caches warm
    with_one = queries(1)
    for name in ("Deux", "Trois"):
        other = make_organisation(association_admin, chancenay, name=name, verified_by=staff)
        make_action(association_admin, other, title=name, commune=chancenay)
    assert queries(3) == with_one
