"""The pages of mutual aid as people use them: posting through the form, the list of what
reached me, relaying, answering and resolving; a request that did not reach someone is a 404
under every address of it, and the author reads how far it went, never who."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.aid.enums import AidAudience, AidCategory, AidKind, AidStatus
from entraide.aid.models import AidAnswer, AidReach, AidRelay, AidRequest
from entraide.aid.tests.factories import befriend, block, expire, post_request, run_tasks
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(alice, bob, dan, carol):
    """alice – bob – dan – carol, each a connection of the next only."""
    befriend(alice, bob)
    befriend(bob, dan)
    befriend(dan, carol)


@pytest.fixture
def asked(chain, alice):
    return post_request(alice, audience=AidAudience.FRIENDS_OF_FRIENDS)


def pages_of(request: AidRequest) -> list[tuple[str, str]]:
    pk = request.pk
    return [
        ("get", reverse("aid:detail", args=[pk])),
        ("post", reverse("aid:relay", args=[pk])),
        ("post", reverse("aid:answer", args=[pk])),
        ("post", reverse("aid:resolve", args=[pk])),
        ("get", reverse("aid:withdraw", args=[pk])),
        ("post", reverse("aid:withdraw", args=[pk])),
    ]


def test_posting_through_the_form_reaches_friends_of_friends(client, chain, alice, bob, dan):
    CommuneFactory(
        insee_code="52448",
        name="Saint-Dizier",
        postcodes="52100",
        latitude=48.6383,
        longitude=4.9497,
    )
    client.force_login(alice)
    with run_tasks():
        response = client.post(
            reverse("aid:new"),
            {
                "kind": AidKind.DEMANDE,
                "category": AidCategory.OBJECT,
                "title": "Une poussette pour un mois",
                "text": "Ma sœur arrive avec son bébé, une poussette nous aiderait.",
                "commune": "52100 Saint-Dizier",
                "ends_on": "",
                "audience": AidAudience.FRIENDS_OF_FRIENDS,
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    request = AidRequest.objects.get(title="Une poussette pour un mois")
    # Left empty, the end date is the default 14 days.
    assert timezone.localdate(request.ends_at) - timezone.localdate(request.created_at) == (
        timedelta(days=14)
    )
    assert set(AidReach.objects.filter(request=request).values_list("person", "hops")) == {
        (bob.pk, 1),
        (dan.pk, 2),
    }


def test_a_phone_number_in_the_text_is_refused_next_to_the_field(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("aid:new"),
        {
            "kind": AidKind.DEMANDE,
            "category": AidCategory.OBJECT,
            "title": "Une perceuse",
            "text": "Appelez-moi au 06 12 34 56 78.",
            "commune": "52100",
            "audience": AidAudience.CONNECTIONS,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not AidRequest.objects.exists()


def test_the_list_shows_what_reached_me_and_not_what_did_not(client, asked, bob, carol):
    client.force_login(bob)
    assert "Une perceuse pour le week-end" in client.get(reverse("aid:list")).text
    client.force_login(carol)
    assert "Une perceuse pour le week-end" not in client.get(reverse("aid:list")).text


def test_every_page_of_a_request_is_a_404_to_someone_it_did_not_reach(client, asked, carol):
    client.force_login(carol)
    for method, url in pages_of(asked):
        assert getattr(client, method)(url).status_code == 404, url
    assert AidRelay.objects.count() == 0
    assert AidAnswer.objects.count() == 0
    asked.refresh_from_db()
    assert asked.status == AidStatus.OPEN


def test_a_visitor_is_sent_to_log_in(client, asked):
    response = client.get(reverse("aid:detail", args=[asked.pk]))
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_a_person_blocked_by_the_author_no_longer_sees_the_request(client, asked, alice, bob):
    block(alice, bob)
    client.force_login(bob)
    assert client.get(reverse("aid:detail", args=[asked.pk])).status_code == 404
    assert "Une perceuse pour le week-end" not in client.get(reverse("aid:list")).text


def test_relaying_through_the_page_reaches_one_hop_further(client, asked, dan, carol):
    client.force_login(dan)
    with run_tasks():
        response = client.post(reverse("aid:relay", args=[asked.pk]), follow=True)
    assert "vos relations la reçoivent" in response.text
    assert AidReach.objects.get(request=asked, person=carol).hops == 3


def test_relaying_an_expired_request_says_so_and_changes_nothing(client, asked, bob):
    expire(asked)
    client.force_login(bob)
    response = client.post(reverse("aid:relay", args=[asked.pk]), follow=True)
    assert response.status_code == 200
    assert AidRelay.objects.count() == 0
    assert list(response.context["messages"])


def test_the_author_reads_numbers_and_never_who_relayed_or_was_reached(
    client, asked, alice, bob, dan, carol
):
    client.force_login(dan)
    with run_tasks():
        client.post(reverse("aid:relay", args=[asked.pk]))
    client.force_login(carol)
    client.post(reverse("aid:answer", args=[asked.pk]), {"body": "J’en ai une, je vous la prête."})

    client.force_login(alice)
    page = client.get(reverse("aid:detail", args=[asked.pk])).text
    assert "3 personnes atteintes" in page
    assert "jusqu’à 3 degrés de vous" in page
    assert "1 personne l’a fait suivre" in page
    assert "Dan" not in page
    assert "Bob" not in page
    # Carol answered: the author may thank her by name, as in any conversation.
    assert "Carol" in page


def test_answering_opens_a_conversation_and_resolving_thanks_the_helper(client, asked, alice, bob):
    client.force_login(bob)
    answered = client.post(
        reverse("aid:answer", args=[asked.pk]), {"body": "J’ai une perceuse à vous prêter."}
    )
    assert answered.status_code == 302
    assert answered["Location"].startswith("/messages/")

    client.force_login(alice)
    resolved = client.post(
        reverse("aid:resolve", args=[asked.pk]),
        {"thanked": [str(bob.pk)], "thanks": "Merci Bob, elle a fait merveille !"},
        follow=True,
    )
    asked.refresh_from_db()
    assert asked.status == AidStatus.RESOLVED
    assert "Merci Bob, elle a fait merveille" in resolved.text
    assert AidAnswer.objects.get(request=asked, helper=bob).thanked


def test_withdrawing_asks_for_confirmation_first(client, asked, alice):
    client.force_login(alice)
    confirm = client.get(reverse("aid:withdraw", args=[asked.pk]))
    assert confirm.status_code == 200
    asked.refresh_from_db()
    assert asked.status == AidStatus.OPEN
    client.post(reverse("aid:withdraw", args=[asked.pk]))
    asked.refresh_from_db()
    assert asked.status == AidStatus.WITHDRAWN


def test_a_tampered_id_is_a_404(client, bob):
    client.force_login(bob)
    assert client.get("/entraide/999999/").status_code == 404
    assert client.post("/entraide/999999/faire-suivre/").status_code == 404
