"""Every page of the app, read and posted (empty, or with odd values) by each persona and by
an anonymous visitor: never a server error."""

import pytest
from django.test import Client
from django.urls import reverse

from entraide.community import posting, services
from entraide.community.enums import Admission, Visibility
from entraide.community.models import Membership
from entraide.community.tests.factories import admit, connect, join, make_group, make_veteran
from entraide.community.urls import urlpatterns

pytestmark = pytest.mark.django_db
ODD_POSTS = [
    {},
    {"sentence": "x" * 400, "reason": "", "role": "roi", "version": "abc", "next": "//x"},
    {"body": "x" * 6000, "kind": "roi", "on": "2", "avant": "2026~x"},
    {"accept_charter": "on", "text": "Une charte assez longue.", "answer_0": "Oui"},
]


def test_no_page_answers_a_server_error(alice, bob, carol, dan, outsider):
    group = make_group(
        alice, name="Confiance", admission=Admission.SPONSORSHIP, join_questions=["Pourquoi ?"]
    )
    make_veteran(admit(alice, bob, group, answers=["Un voisin."]))
    pending = services.ask_to_join(carol, group, answers=["Je suis voisine."], accept_charter=True)
    secret = make_group(alice, name="Secret", visibility=Visibility.SECRET)
    connection = connect(alice, bob)
    invitation = services.invite_by_link(alice)
    members = list(Membership.objects.filter(group=group))
    post = posting.publish_post(bob, group, body="Bonjour à tous")
    comment = posting.comment_post(alice, post, body="Bienvenue")
    secret_post = posting.publish_post(alice, secret, body="Chut")
    values = {
        "user_id": [bob.pk, outsider.pk, 999999],
        "connection_id": [connection.pk, 999999],
        "action_id": [999999],  # real actions: test_network.py
        "token": [invitation.token, "nope"],
        "group_slug": [group.slug, secret.slug, "absent"],
        "group_membership_id": [m.pk for m in members] + [pending.pk, 999999],
        "post_id": [post.pk, secret_post.pk, 999999],
        "comment_id": [comment.pk, 999999],
    }
    urls = set()
    for pattern in urlpatterns:
        names = list(pattern.pattern.converters)
        combos = [{}]
        for name in names:
            combos = [{**c, name: v} for c in combos for v in values[name][:2]]
        for kwargs in combos:
            urls.add(reverse(f"community:{pattern.name}", kwargs=kwargs))
    join(dan, make_group(alice, name="Ouvert"))  # dan a plain member elsewhere
    for person in (None, outsider, dan, carol, bob, alice):
        client = Client(raise_request_exception=False)
        if person is not None:
            client.force_login(person)
        for url in sorted(urls):
            response = client.get(url)
            assert response.status_code < 500, (person, "GET", url)
            for data in ODD_POSTS:
                response = client.post(url, data)
                assert response.status_code < 500, (person, "POST", url, data)
