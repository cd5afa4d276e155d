"""The staff's queues (organisations to verify, identity changes to decide) filter by territory:
only the territories one staffs (every one for a superuser), by a shareable `?territoire=`
link, with the count of each; by default all of them, each row naming its territory."""

import re

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.organisations import services
from entraide.organisations.services import OrganisationProfile
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff
from entraide.territories.tests.factories import CommuneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

QUEUE = "/organisations/verifications/"
CHANGES = "/organisations/verifications/identites/"


@pytest.fixture
def chaumont(db):
    return CommuneFactory(insee_code="52121", name="Chaumont", postcodes="52000")


@pytest.fixture
def chaumont_territory(chaumont):
    return TerritoryFactory(name="Pays de Chaumont", slug="chaumont", communes=[chaumont])


@pytest.fixture
def staff_of_both(staff, chaumont_territory):
    """Sophie staffs Saint-Dizier (the `staff` persona) and Chaumont too."""
    add_territory_staff(None, chaumont_territory, staff)
    return staff


@pytest.fixture
def waiting(association_admin, saint_dizier, chaumont):
    make_organisation(association_admin, saint_dizier, name="Judo bragard")
    make_organisation(association_admin, chaumont, name="Chorale chaumontaise")


def rows_of(response) -> list[tuple[str, str]]:
    """(organisation, territory) of each row of a queue."""
    return re.findall(
        r'<tr>\s*<td><a href="/organisations/[^"]+/">([^<]+)</a>.*?'
        r'<td class="queue__territory">([^<]+)</td>',
        response.content.decode(),
        flags=re.S,
    )


def test_staff_of_two_territories_sees_both_by_default_each_row_naming_its_territory(
    client, staff_of_both, waiting
):
    client.force_login(staff_of_both)

    response = client.get(QUEUE)

    assert response.status_code == 200
    assert rows_of(response) == [
        ("Judo bragard", "Saint-Dizier agglomération"),
        ("Chorale chaumontaise", "Pays de Chaumont"),
    ]


def test_the_filter_links_give_the_count_of_each_territory(
    client, staff_of_both, waiting, association_admin, chaumont
):
    make_organisation(association_admin, chaumont, name="Théâtre de Chaumont")
    client.force_login(staff_of_both)

    response = client.get(QUEUE)

    assert [(t.slug, t.waiting) for t in response.context["territories"]] == [
        ("chaumont", 2),
        ("saint-dizier", 1),
    ]
    html = response.content.decode()
    assert 'href="?territoire=chaumont"' in html
    assert 'href="?territoire=saint-dizier"' in html


def test_staff_of_two_territories_filters_to_one_by_a_shareable_link(
    client, staff_of_both, waiting
):
    client.force_login(staff_of_both)

    response = client.get(QUEUE, {"territoire": "chaumont"})

    assert response.status_code == 200
    assert rows_of(response) == [("Chorale chaumontaise", "Pays de Chaumont")]
    assert response.context["chosen"].slug == "chaumont"
    assert 'aria-current="page" href="?territoire=chaumont"' in response.content.decode()


@pytest.mark.parametrize("value", ["nulle-part", "saint-dizier'--", "x" * 300, ""])
def test_a_bad_territory_says_so_and_lists_all_of_ones_territories(
    client, staff_of_both, waiting, value
):
    client.force_login(staff_of_both)

    response = client.get(QUEUE, {"territoire": value})

    assert response.status_code == 200
    assert len(rows_of(response)) == 2
    if value:
        assert "Ce territoire n’est pas l’un des vôtres" in response.content.decode()


def test_a_territory_one_does_not_staff_is_refused_like_an_unknown_one(
    client, staff, waiting, chaumont_territory
):
    client.force_login(staff)  # Saint-Dizier only

    response = client.get(QUEUE, {"territoire": "chaumont"})

    assert response.status_code == 200
    assert rows_of(response) == [("Judo bragard", "Saint-Dizier agglomération")]
    assert "Ce territoire n’est pas l’un des vôtres" in response.content.decode()
    assert "Chorale" not in response.content.decode()
    assert [t.slug for t in response.context["territories"]] == ["saint-dizier"]


def test_a_superuser_sees_every_territory_and_decides_only_where_they_staff(
    client, waiting, chaumont_territory
):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_territory_staff(None, chaumont_territory, root)
    client.force_login(root)

    response = client.get(QUEUE)

    assert [name for name, _ in rows_of(response)] == ["Judo bragard", "Chorale chaumontaise"]
    html = response.content.decode()
    assert html.count('action="/organisations/') == 1  # the Chaumont one only
    assert "Réservé à l’équipe du territoire" in html


def test_the_queue_stays_forbidden_to_whoever_staffs_nothing(client, outsider, waiting):
    client.force_login(outsider)

    assert client.get(QUEUE, {"territoire": "saint-dizier"}).status_code == 403
    assert client.get(CHANGES, {"territoire": "saint-dizier"}).status_code == 403


def test_verifying_from_a_filtered_queue_comes_back_to_the_same_filter(
    client, staff_of_both, waiting
):
    client.force_login(staff_of_both)
    slug = client.get(QUEUE, {"territoire": "chaumont"}).context["organisations"][0].slug

    response = client.post(
        f"/organisations/{slug}/verifier/", {"next": "queue", "territoire": "chaumont"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?territoire=chaumont"


def test_identity_changes_filter_by_the_territory_of_the_new_place(
    client, staff_of_both, association_admin, saint_dizier, chaumont
):
    moving = make_organisation(
        association_admin, saint_dizier, name="Judo", verified_by=staff_of_both
    )
    renamed = make_organisation(
        association_admin, saint_dizier, name="Chœur", verified_by=staff_of_both
    )
    services.update_organisation(association_admin, moving, _profile(moving, commune=chaumont))
    services.update_organisation(association_admin, renamed, _profile(renamed, name="Chœur mixte"))
    client.force_login(staff_of_both)

    everything = client.get(CHANGES)
    chaumont_only = client.get(CHANGES, {"territoire": "chaumont"})
    bad = client.get(CHANGES, {"territoire": "nulle-part"})

    assert rows_of(everything) == [
        ("Judo", "Pays de Chaumont"),
        ("Chœur", "Saint-Dizier agglomération"),
    ]
    assert [(t.slug, t.waiting) for t in everything.context["territories"]] == [
        ("chaumont", 1),
        ("saint-dizier", 1),
    ]
    assert rows_of(chaumont_only) == [("Judo", "Pays de Chaumont")]
    assert bad.status_code == 200 and len(rows_of(bad)) == 2
    assert "Ce territoire n’est pas l’un des vôtres" in bad.content.decode()


@pytest.mark.parametrize("url", [QUEUE, CHANGES])
def test_queue_query_count_is_the_same_for_one_and_three_rows(
    client, staff_of_both, association_admin, saint_dizier, chaumont, url, list_queries
):
    def queries(count):
        return list_queries(
            lambda: client.get(url), items=lambda r: len(rows_of(r)), expected=count
        )

    def add(name, commune):
        organisation = make_organisation(association_admin, commune, name=name)
        if url == CHANGES:
            services.verify_organisation(staff_of_both, organisation)
            organisation.refresh_from_db()
            services.update_organisation(
                association_admin, organisation, _profile(organisation, name=name + " bis")
            )

    client.force_login(staff_of_both)
    add("Un", saint_dizier)
    client.get(url)  # the session and the site's caches warm
    with_one = queries(1)
    add("Deux", chaumont)
    add("Trois", saint_dizier)
    assert queries(3) == with_one


def _profile(organisation, **changes) -> OrganisationProfile:
    values = {
        "name": organisation.name,
        "kind": organisation.kind,
        "short_description": organisation.short_description,
        "commune": organisation.commune,
        "description": organisation.description,
        "interests": tuple(i.value for i in organisation.interest_list),
        "street_address": organisation.street_address,
        "website": organisation.website,
        "rna_number": organisation.rna_number,
        "siren": organisation.siren,
    }
    return OrganisationProfile(**(values | changes))
