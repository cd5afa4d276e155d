"""A refusal's reason is kept as written, or refused with its message when too long: it was
once dropped in silence, the request refused without the reason its admin had typed."""

from django.urls import reverse

from entraide.community.enums import Admission, MembershipState
from entraide.community.services import REASON_MAX
from entraide.community.tests.factories import join, make_group


def test_refusing_with_a_reason_keeps_it(client, alice, bob):
    group = make_group(alice, name="Voisins", admission=Admission.APPROVAL)
    request = join(bob, group)
    client.force_login(alice)

    client.post(
        reverse("community:refuse", args=[group.slug, request.pk]),
        {"reason": "Le groupe est réservé aux habitants du quartier."},
    )

    request.refresh_from_db()
    assert request.state == MembershipState.REFUSED
    assert request.reason == "Le groupe est réservé aux habitants du quartier."


def test_an_over_long_reason_is_refused_with_its_message_and_the_request_stays(client, alice, bob):
    group = make_group(alice, name="Voisins", admission=Admission.APPROVAL)
    request = join(bob, group)
    client.force_login(alice)

    response = client.post(
        reverse("community:refuse", args=[group.slug, request.pk]),
        {"reason": "x" * (REASON_MAX + 1)},
        follow=True,
    )

    request.refresh_from_db()
    assert request.state == MembershipState.REQUESTED
    assert f"Le motif dépasse {REASON_MAX} caractères" in response.content.decode()
