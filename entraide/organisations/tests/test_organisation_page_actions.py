"""An organisation's public page lists its upcoming listed slots (date, places left, a link to
the action), page by page, says so when there are none, and links to its calendar feed."""

import re

import pytest
from django.utils import timezone

from entraide.actions import services as action_services
from entraide.actions.tests.factories import first_slot, make_action
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def jardins(association_admin, saint_dizier, staff):
    return make_organisation(
        association_admin, saint_dizier, verified_by=staff, name="Les Jardins partagés"
    )


def action_links(response) -> list[str]:
    section = response.content.decode().split('id="upcoming"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<h3><a href="(/actions/\d+/)">', section)


def test_the_page_lists_upcoming_slots_with_places_left_and_a_link_to_the_action(
    client, association_admin, jardins
):
    action = make_action(
        association_admin, jardins, title="Chantier au jardin", slots=2, capacity=8
    )

    response = client.get(jardins.get_absolute_url())

    assert response.status_code == 200
    assert action_links(response) == [action.get_absolute_url()] * 2
    html = response.content.decode()
    assert html.count("8 places restantes") == 2
    slot = first_slot(action)
    assert f'datetime="{timezone.localtime(slot.starts_at).isoformat()}"' in html


def test_the_page_leaves_out_drafts_and_cancelled_actions(client, association_admin, jardins):
    make_action(association_admin, jardins, title="Brouillon", publish=False)
    cancelled = make_action(association_admin, jardins, title="Annulée")
    action_services.cancel_action(association_admin, cancelled, reason="Pluie")

    response = client.get(jardins.get_absolute_url())

    assert action_links(response) == []
    assert "Aucune action à venir pour le moment." in response.content.decode()


def test_the_page_of_an_unverified_organisation_shows_its_members_nothing_public(
    client, association_admin, saint_dizier
):
    pending = make_organisation(association_admin, saint_dizier, name="En attente")
    client.force_login(association_admin)

    response = client.get(pending.get_absolute_url())

    assert response.status_code == 200
    assert "agenda.ics" not in response.content.decode()
    assert "Aucune action à venir pour le moment." in response.content.decode()


def test_the_page_links_to_the_organisations_calendar_feed(client, jardins):
    response = client.get(jardins.get_absolute_url())

    feed = f"/organisations/{jardins.slug}/agenda.ics"
    assert f'href="{feed}"' in response.content.decode()
    assert client.get(feed).status_code == 200


def test_the_slots_come_ten_by_ten(client, association_admin, jardins):
    action = make_action(association_admin, jardins, slots=12)

    first = client.get(jardins.get_absolute_url())
    second = client.get(jardins.get_absolute_url(), {"page": 2})

    assert len(action_links(first)) == 10
    assert action_links(second) == [action.get_absolute_url()] * 2
    assert 'href="?page=2"' in first.content.decode()


def test_a_bad_page_number_shows_the_first_page(client, association_admin, jardins):
    make_action(association_admin, jardins, slots=2)

    response = client.get(jardins.get_absolute_url(), {"page": "n'importe"})

    assert response.status_code == 200
    assert len(action_links(response)) == 2


def test_query_count_is_the_same_for_one_and_three_actions(
    client, association_admin, jardins, saint_dizier, list_queries
):
    def queries(slots):
        return list_queries(
            lambda: client.get(jardins.get_absolute_url()),
            items=lambda r: len(action_links(r)),
            expected=slots,
        )

    make_action(association_admin, jardins, title="Un")
    client.get(jardins.get_absolute_url())  # caches warm
    with_one = queries(1)
    make_action(association_admin, jardins, title="Deux", commune=saint_dizier)
    make_action(association_admin, jardins, title="Trois", slots=2)
    assert queries(4) == with_one  # three actions, four slots
