"""The group list and the connections page cost the same queries whatever their length."""

import pytest
from django.urls import reverse

from entraide.community import services
from entraide.community.tests.factories import connect, join, make_group, make_person

pytestmark = pytest.mark.django_db


def test_group_list_queries_do_not_grow_with_groups(client, alice, bob, list_queries):
    def queries_for(count):
        return list_queries(
            lambda: client.get(reverse("community:groups")),
            items=lambda r: (len(r.context["page_obj"]), len(r.context["my_groups"])),
            expected=(count, count),
        )

    client.force_login(bob)
    join(bob, make_group(alice, name="Groupe 1"))
    with_one = queries_for(1)
    for n in (2, 3):
        group = make_group(alice, name=f"Groupe {n}")
        join(bob, group)
        join(make_person(f"Membre{n}"), group)
    assert queries_for(3) == with_one


def test_connections_page_queries_do_not_grow_with_connections(client, alice, list_queries):
    group = make_group(alice, name="Voisins")

    def queries_for(count):
        return list_queries(
            lambda: client.get(reverse("community:connections")),
            items=lambda r: (len(r.context["page_obj"]), len(r.context["asked_of_me"])),
            expected=(count, count),
        )

    def add(n):
        friend = make_person(f"Ami{n}")
        join(friend, group)
        connect(friend, alice)
        asker = make_person(f"Demandeur{n}")
        join(asker, group)
        services.ask_connection(asker, alice)

    client.force_login(alice)
    add(1)
    with_one = queries_for(1)
    add(2)
    add(3)
    assert queries_for(3) == with_one
