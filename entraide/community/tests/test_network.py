"""The network around a person (issue 14): the QR code of an invitation link and the sign-up it
leads to, a person's page (shared connections as a number, the button to connect), an action's
page (connections taking part, only those who allowed it; recommending; sharing)."""

import io
import re

import pytest
import segno
from django.contrib.auth.models import AnonymousUser
from django.db import connection as db_connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.actions import services as action_services
from entraide.actions.tests.factories import first_slot, make_action
from entraide.community import network, network_views, services
from entraide.community.models import Connection
from entraide.community.tests.factories import connect, join, make_group, make_person
from entraide.core.models import AuditEntry, Notification
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def neighbours(alice, bob, carol, dan):
    """One open group with the four of them, so that any may ask any other to connect."""
    group = make_group(alice, name="Voisins du quartier")
    for person in (bob, carol, dan):
        join(person, group)
    return group


@pytest.fixture
def action(association_admin, saint_dizier, staff):
    organisation = make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )
    return make_action(association_admin, organisation, slots=2)


def take_part(person, action, *, shown: bool):
    person.shows_participations_to_connections = shown
    person.save(update_fields=["shows_participations_to_connections"])
    return action_services.join_slot(person, first_slot(action))


# --- The QR code of the invitation link ---------------------------------------------------


def test_the_qr_code_is_the_owners_invitation_link_as_a_private_svg(client, alice):
    invitation = services.invite_by_link(alice)
    client.force_login(alice)

    response = client.get(reverse("community:invitation_qr"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "private" in response["Cache-Control"]
    expected = io.BytesIO()
    segno.make(f"http://testserver{invitation.get_absolute_url()}", error="m").save(
        expected, kind="svg", scale=6, border=4, xmldecl=False, title="Lien d’invitation"
    )
    assert response.content == expected.getvalue()
    body = text(response)
    assert "<script" not in body and "style=" not in body


def test_the_qr_code_is_a_404_for_someone_without_a_link_and_a_login_for_a_visitor(
    client, alice, bob
):
    services.invite_by_link(alice)
    url = reverse("community:invitation_qr")
    assert client.get(url).status_code == 302  # a visitor: log in first
    client.force_login(bob)  # bob has no link of his own, and never sees alice's
    assert client.get(url).status_code == 404


def test_the_connections_page_shows_the_qr_code_of_the_link(client, alice):
    services.invite_by_link(alice)
    client.force_login(alice)
    assert reverse("community:invitation_qr") in text(client.get(reverse("community:connections")))


# --- A person's page ----------------------------------------------------------------------


def test_a_persons_page_counts_shared_connections_and_never_lists_theirs(
    client, neighbours, alice, bob, carol, dan
):
    connect(alice, bob)
    connect(carol, alice)
    connect(carol, bob)
    connect(dan, bob)  # bob's, not alice's
    client.force_login(alice)

    page = text(client.get(reverse("accounts:member", args=[bob.pk])))

    assert "1 relation en commun" in page
    assert carol.public_name not in page
    assert dan.public_name not in page
    assert "Vous êtes en relation." in page


def test_a_persons_page_offers_to_connect_then_shows_the_request_waiting(
    client, neighbours, alice, bob
):
    client.force_login(alice)
    url = reverse("accounts:member", args=[bob.pk])
    page = text(client.get(url))
    assert "Se relier" in page
    assert reverse("community:ask", args=[bob.pk]) in page

    client.post(reverse("community:ask", args=[bob.pk]), {"next": url})

    assert "attend sa réponse" in text(client.get(url))
    client.force_login(bob)
    answer = text(client.get(reverse("accounts:member", args=[alice.pk])))
    connection = Connection.objects.get()
    assert reverse("community:accept", args=[connection.pk]) in answer


def test_my_own_page_shows_no_connection_button(client, neighbours, alice):
    client.force_login(alice)
    page = text(client.get(reverse("accounts:member", args=[alice.pk])))
    assert "Se relier" not in page and "en commun" not in page


def test_the_members_list_shows_where_i_stand_with_each_member(
    client, neighbours, alice, bob, carol
):
    connect(alice, bob)
    services.ask_connection(alice, carol)
    client.force_login(alice)

    page = text(client.get(reverse("community:members", args=[neighbours.slug])))

    assert "En relation" in page
    assert "Demande envoyée" in page
    assert page.count(">Se relier<") == 1  # dan only


def test_the_members_list_queries_do_not_grow_with_members(client, alice, list_queries):
    group = make_group(alice, name="Voisins")

    def queries_for(count):
        return list_queries(
            lambda: client.get(reverse("community:members", args=[group.slug])),
            items=lambda r: len(r.context["page_obj"]),
            expected=count,
        )

    client.force_login(alice)
    with_one = queries_for(1)
    for n in (2, 3):
        member = make_person(f"Membre{n}")
        join(member, group)
        if n == 2:
            connect(member, alice)
    assert queries_for(3) == with_one


# --- An action's page ---------------------------------------------------------------------


def test_an_action_page_names_the_connections_taking_part_who_allowed_it(
    client, neighbours, action, alice, bob, carol, dan
):
    connect(alice, bob)
    connect(alice, carol)
    take_part(bob, action, shown=True)
    take_part(carol, action, shown=True)
    take_part(dan, action, shown=True)  # not alice's connection
    client.force_login(alice)

    page = text(client.get(action.get_absolute_url()))

    assert "2 de vos relations participent" in page
    assert bob.public_name in page and carol.public_name in page
    assert dan.public_name not in page


def test_a_connection_who_did_not_allow_it_is_never_named_nor_counted(
    client, neighbours, action, alice, bob
):
    connect(alice, bob)
    take_part(bob, action, shown=False)  # the default
    client.force_login(alice)

    page = text(client.get(action.get_absolute_url()))

    assert bob.public_name not in page
    assert "de vos relations particip" not in page


def test_a_cancelled_participation_is_not_shown(client, neighbours, action, alice, bob):
    connect(alice, bob)
    participation = take_part(bob, action, shown=True)
    action_services.cancel_participation(bob, participation, reason="other")
    client.force_login(alice)
    assert bob.public_name not in text(client.get(action.get_absolute_url()))


def _section_queries(action, user) -> int:
    request = RequestFactory().get(action.get_absolute_url())
    request.user = user
    with CaptureQueriesContext(db_connection) as captured:
        network_views.action_section(request, action)
    return len(captured)


def test_the_action_section_costs_no_query_for_a_visitor_and_one_for_a_person(
    neighbours, action, alice, bob
):
    connect(alice, bob)
    take_part(bob, action, shown=True)
    assert _section_queries(action, AnonymousUser()) == 0
    assert _section_queries(action, alice) <= 2


def test_sharing_an_action_is_plain_links_and_a_local_script(client, action):
    page = text(client.get(action.get_absolute_url()))
    url = f"http://testserver{action.get_absolute_url()}"

    assert f'value="{url}"' in page
    mailto = re.search(r'href="(mailto:[^"]+)"', page)
    assert mailto is not None
    assert "subject=" in mailto.group(1) and "http%3A%2F%2Ftestserver" in mailto.group(1)
    assert "js/share.js" in page
    assert "Recommander à mes relations" not in page  # for people logged in
    scripts = re.findall(r"<script([^>]*)>", page)
    # No inline code: local files, or data (JSON-LD, json_script).
    assert all("src=" in attrs or "application/" in attrs for attrs in scripts)


# --- Recommending an action ---------------------------------------------------------------


def test_recommending_an_action_tells_each_chosen_connection(
    client, neighbours, action, alice, bob, carol, dan, django_capture_on_commit_callbacks
):
    connect(alice, bob)
    connect(alice, carol)
    client.force_login(alice)
    url = reverse("community:recommend", args=[action.pk])
    page = text(client.get(url))
    assert bob.public_name in page and carol.public_name in page
    assert dan.public_name not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"people": [bob.pk, carol.pk]})

    assert response.status_code == 302
    told = Notification.objects.filter(kind=network.ACTION_RECOMMENDED)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([bob.pk, carol.pk])
    assert told.first().url == action.get_absolute_url()
    assert AuditEntry.objects.filter(actor=alice, action=network.RECOMMENDED).count() == 2


def test_recommending_twice_tells_nobody_twice(
    neighbours, action, alice, bob, django_capture_on_commit_callbacks
):
    connect(alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        network.recommend_action(alice, action, people=[bob])
        assert network.recommend_action(alice, action, people=[bob]) == []
    assert Notification.objects.filter(kind=network.ACTION_RECOMMENDED).count() == 1


def test_recommending_to_someone_not_connected_writes_nothing(
    client, neighbours, action, alice, dan
):
    client.force_login(alice)
    response = client.post(reverse("community:recommend", args=[action.pk]), {"people": [dan.pk]})
    assert response.status_code == 200  # the form says the choice is not one of the list
    assert not AuditEntry.objects.filter(action=network.RECOMMENDED).exists()
    with pytest.raises(Exception):  # noqa: B017 - the service's own refusal
        network.recommend_action(alice, action, people=[dan])


def test_recommending_to_more_than_twenty_at_once_is_refused(neighbours, action, alice):
    people = [make_person(f"Ami{n}") for n in range(21)]
    for person in people:
        join(person, neighbours)
        connect(person, alice)
    with pytest.raises(network.ActionRefused):
        network.recommend_action(alice, action, people=people)
    assert not AuditEntry.objects.filter(action=network.RECOMMENDED).exists()


def test_recommending_beyond_the_daily_cap_is_refused(neighbours, action, alice, bob):
    connect(alice, bob)
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=alice, action=network.RECOMMENDED, data={"person": 0})
        for _ in range(network.RECOMMENDATIONS.most)
    )
    with pytest.raises(network.ActionRefused):
        network.recommend_action(alice, action, people=[bob])


def test_the_recommend_page_is_for_logged_in_people_and_published_actions(
    client, neighbours, association_admin, action, alice
):
    url = reverse("community:recommend", args=[action.pk])
    assert client.get(url).status_code == 302
    draft = make_action(association_admin, action.organisation, publish=False)
    client.force_login(alice)
    assert client.get(reverse("community:recommend", args=[draft.pk])).status_code == 404
    assert client.get(reverse("community:recommend", args=[999999])).status_code == 404


def test_the_recommend_page_queries_do_not_grow_with_connections(
    client, neighbours, action, alice, list_queries
):
    url = reverse("community:recommend", args=[action.pk])

    def queries_for(count):
        return list_queries(
            lambda: client.get(url),
            items=lambda r: text(r).count('name="people"'),
            expected=count,
        )

    def add(n):
        friend = make_person(f"Ami{n}")
        join(friend, neighbours)
        connect(friend, alice)

    client.force_login(alice)
    add(1)
    with_one = queries_for(1)
    add(2)
    add(3)
    assert queries_for(3) == with_one


# --- The setting ----------------------------------------------------------------------------


def test_the_profile_form_saves_the_participations_setting(client, alice):
    client.force_login(alice)
    page = text(client.get(reverse("accounts:profile")))
    assert "shows_participations_to_connections" in page
    data = {
        "first_name": "Alice",
        "last_name": "Lefèvre",
        "public_name_style": alice.public_name_style,
        "shows_participations_to_connections": "on",
    }
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    alice.refresh_from_db()
    assert alice.shows_participations_to_connections
