"""A territory's home shows its next actions and some of its associations, each with a link to
the whole list and an empty state, and its communes open that commune's agenda and directory."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from entraide.accounts.tests.factories import UserFactory
from entraide.actions.models import Participation
from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.community.enums import Visibility
from entraide.community.tests.factories import make_group
from entraide.organisations.models import Organisation
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


def test_home_shows_this_weeks_actions_with_places_left_one_card_each(
    client, association_admin, jardins
):
    for day in range(8):
        make_action(association_admin, jardins, title=f"Action {day}", slots=3,
                    starts_in=timedelta(days=day + 1))  # fmt: skip
    full = make_action(association_admin, jardins, title="Complet", capacity=1)
    join_slot(UserFactory(), first_slot(full))

    response = client.get(HOME)

    week = section(response, "this-week")
    assert titles_in(week) == [f"Action {day}" for day in range(6)]
    assert 'href="/saint-dizier/agenda/"' in week
    assert "Voir tout l’agenda" in week


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

    assert titles_in(section(response, "this-week")) == []
    assert "Aucune action avec des places libres" in section(response, "this-week")


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


def test_an_empty_front_page_says_so_in_each_section(client, territory):
    response = client.get(HOME)

    assert "Aucune action avec des places libres" in section(response, "this-week")
    assert "Aucune association n’est encore inscrite." in section(response, "associations")
    assert "Personne n’a encore rejoint d’action ce mois-ci" in section(response, "initiatives")
    assert "Aucune diffusion en direct n’est annoncée." in section(response, "broadcasts")
    assert "Aucun groupe public sur ce territoire" in section(response, "public-groups")


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


def _fill(association_admin, staff, territory, names, joiners):
    """For each name: a verified association, an action this week joined by each of
    `joiners`, a live broadcast and a public group."""
    chancenay = territory.communes.get(insee_code="52104")
    for name in names:
        other = make_organisation(association_admin, chancenay, name=name, verified_by=staff)
        action = make_action(association_admin, other, title=name, commune=chancenay)
        for person in joiners:
            join_slot(person, first_slot(action))
        make_action(association_admin, other, title=f"Direct {name}", kind="broadcast",
                    is_remote=True, stream_url="https://video.example.org/live")  # fmt: skip
        make_group(association_admin, name=f"Groupe {name}", territory=territory)


def test_front_page_query_count_is_the_same_for_one_and_three_of_each_section(
    client, association_admin, staff, territory, list_queries
):
    sections = ("this-week", "associations", "initiatives", "broadcasts", "public-groups")

    def queries(count):
        return list_queries(
            lambda: client.get(HOME),
            items=lambda r: tuple(len(titles_in(section(r, name))) for name in sections),
            # This week's actions hold the broadcasts too (they have places left).
            expected=(2 * count, count, count, count, count),
        )

    joiners = [UserFactory(), UserFactory()]
    _fill(association_admin, staff, territory, ["Un"], joiners)
    # A member with a home commune: the initiatives near it.
    client.force_login(UserFactory(home_commune=territory.communes.get(insee_code="52448")))
    client.get(HOME)  # caches warm
    with_one = queries(1)
    _fill(association_admin, staff, territory, ["Deux", "Trois"], joiners)
    assert queries(3) == with_one


def test_initiatives_are_the_most_joined_this_month_near_the_members_commune(
    client, association_admin, staff, territory
):
    member_commune = territory.communes.get(insee_code="52448")
    _fill(association_admin, staff, territory, ["Peu"], [UserFactory()])
    _fill(association_admin, staff, territory, ["Beaucoup"], [UserFactory(), UserFactory()])
    old = make_action(association_admin, Organisation.objects.get(name="Peu"), title="Ancienne")
    for _ in range(3):
        join_slot(UserFactory(), first_slot(old))
    Participation.objects.filter(slot__action=old).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    visitor = section(client.get(HOME), "initiatives")
    client.force_login(UserFactory(home_commune=member_commune))
    member = section(client.get(HOME), "initiatives")

    assert titles_in(visitor) == ["Beaucoup", "Peu"]
    assert "2 personnes l’ont rejointe ce mois-ci" in visitor
    assert "sur le territoire" in visitor
    assert titles_in(member) == ["Beaucoup", "Peu"]
    assert "autour de Saint-Dizier" in member


def test_initiatives_near_a_commune_where_nothing_was_joined_fall_back_to_the_territory(
    client, association_admin, staff, territory
):
    far = CommuneFactory(insee_code="52121", name="Chaumont", latitude=48.11, longitude=5.14)
    territory.communes.add(far)
    _fill(association_admin, staff, territory, ["Club"], [UserFactory()])
    client.force_login(UserFactory(home_commune=far))

    initiatives = section(client.get(HOME), "initiatives")

    assert titles_in(initiatives) == ["Club"]
    assert "sur le territoire" in initiatives


def test_front_page_lists_public_groups_only_and_upcoming_broadcasts(
    client, association_admin, staff, territory, jardins
):
    make_group(association_admin, name="Ouvert", territory=territory)
    make_group(association_admin, name="Entre nous", territory=territory,
               visibility=Visibility.MEMBERS)  # fmt: skip
    make_group(association_admin, name="Secret", territory=territory, visibility=Visibility.SECRET)
    make_group(association_admin, name="Sans territoire")
    make_action(association_admin, jardins, title="Concert en direct", kind="broadcast",
                is_remote=True, stream_url="https://video.example.org/live")  # fmt: skip
    make_action(association_admin, jardins, title="Mission")

    response = client.get(HOME)

    assert titles_in(section(response, "public-groups")) == ["Ouvert"]
    assert "Entre nous" not in response.text
    assert "Secret" not in response.text
    assert titles_in(section(response, "broadcasts")) == ["Concert en direct"]


def test_front_page_opens_on_the_articles_then_what_to_join_and_links_its_feeds(client, territory):
    html = client.get(HOME).text

    order = ["a-la-une", "initiatives", "this-week", "broadcasts", "associations",
             "public-groups", "search-title", "communes"]  # fmt: skip
    assert sorted(order, key=lambda name: html.index(f'id="{name}"')) == order
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/saint-dizier/articles/atom/"' in html
