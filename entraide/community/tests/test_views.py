"""The pages of the trusted networks: the trust boundary, tampered ids, replayed POSTs, and
nobody's e-mail anywhere. Every refusal: the status a person would see, and nothing written."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.community import rules, services
from entraide.community.enums import Admission, MembershipState, Visibility
from entraide.community.models import Connection, Group, Membership, Sponsorship
from entraide.community.tests.factories import admit, connect, join, make_group, make_veteran
from entraide.core.models import AuditEntry

pytestmark = pytest.mark.django_db
SECRET_NAME = "Les Hirondelles Discrètes"
SENTENCE = "Je connais Bob depuis l’école, il est fiable."


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def secret(alice, carol):
    group = make_group(alice, name=SECRET_NAME, visibility=Visibility.SECRET)
    # No service brings anyone into a secret group yet (no group invitation: see the report).
    Membership.objects.create(
        person=carol,
        group=group,
        state=MembershipState.ACTIVE,
        joined_at=timezone.now(),
        charter_version=1,
    )
    return group


def _secret_urls(group: Group, membership: Membership) -> list[str]:
    slug = group.slug
    return [
        reverse("community:group", args=[slug]),
        reverse("community:members", args=[slug]),
        reverse("community:join", args=[slug]),
        reverse("community:leave", args=[slug]),
        reverse("community:charter", args=[slug]),
        reverse("community:my_sponsorships", args=[slug]),
        reverse("community:admin", args=[slug]),
        reverse("community:publish_charter", args=[slug]),
        reverse("community:candidate", args=[slug, membership.pk]),
        reverse("community:member_admin", args=[slug, membership.pk]),
        reverse("community:revoke", args=[slug, membership.pk]),
    ]


def test_a_secret_group_is_a_plain_404_for_an_outsider(client, secret, carol, outsider):
    client.force_login(outsider)
    membership = Membership.objects.get(group=secret, person=carol)
    for url in _secret_urls(secret, membership):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET_NAME not in text(response), url


def test_a_secret_group_is_a_plain_404_for_an_anonymous_visitor(client, secret, carol):
    membership = Membership.objects.get(group=secret, person=carol)
    for url in _secret_urls(secret, membership):
        response = client.get(url)
        # The pages behind a login send the visitor to it, never naming the group.
        assert response.status_code in (302, 404), url
        if response.status_code == 302:
            assert "/comptes/" in response["Location"] or "login" in response["Location"]
        assert SECRET_NAME not in text(response), url
    assert client.get(reverse("community:group", args=[secret.slug])).status_code == 404


def test_posting_to_join_a_secret_group_as_an_outsider_writes_nothing(client, secret, outsider):
    client.force_login(outsider)
    response = client.post(reverse("community:join", args=[secret.slug]), {"accept_charter": "on"})
    assert response.status_code == 404
    assert SECRET_NAME not in text(response)
    assert not Membership.objects.filter(person=outsider).exists()


def test_a_secret_group_is_shown_to_its_members(client, secret, carol):
    client.force_login(carol)
    response = client.get(reverse("community:group", args=[secret.slug]))
    assert response.status_code == 200
    assert SECRET_NAME in text(response)


def test_the_group_list_never_shows_a_secret_group(client, secret, alice, carol, outsider):
    make_group(alice, name="Jardin ouvert")
    anonymous = client.get(reverse("community:groups"))
    assert anonymous.status_code == 200
    assert "Jardin ouvert" in text(anonymous)
    assert SECRET_NAME not in text(anonymous)

    client.force_login(outsider)
    assert SECRET_NAME not in text(client.get(reverse("community:groups")))

    # Its members find it under their own groups, never in the list of all groups.
    client.force_login(carol)
    response = client.get(reverse("community:groups"))
    assert secret not in list(response.context["page_obj"])
    assert secret in response.context["my_groups"]


def test_a_members_only_groups_member_list_is_hidden_from_a_non_member(
    client, alice, bob, outsider
):
    group = make_group(alice, name="Réservé", visibility=Visibility.MEMBERS)
    admit(alice, bob, group)
    url = reverse("community:members", args=[group.slug])

    assert client.get(url).status_code == 404
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 404
    assert bob.public_name not in text(response)
    # Its page says it exists, not who is in it.
    page = client.get(reverse("community:group", args=[group.slug]))
    assert page.status_code == 200
    assert bob.public_name not in text(page)

    client.force_login(bob)
    assert alice.public_name in text(client.get(url))


def test_approving_another_groups_membership_through_a_tampered_id_changes_nothing(
    client, alice, bob, outsider
):
    mine = make_group(alice, name="Le groupe d’Alice", admission=Admission.APPROVAL)
    theirs = make_group(outsider, name="Le groupe d’Olivier", admission=Admission.APPROVAL)
    request = join(bob, theirs)
    entries = AuditEntry.objects.count()
    client.force_login(alice)

    for name in ("approve", "refuse", "restore_right", "set_role"):
        response = client.post(
            reverse(f"community:{name}", args=[mine.slug, request.pk]), {"role": "admin"}
        )
        assert response.status_code == 404, name
    response = client.post(
        reverse("community:revoke", args=[mine.slug, request.pk]), {"reason": "Pour voir."}
    )
    assert response.status_code == 404

    request.refresh_from_db()
    assert request.state == MembershipState.REQUESTED
    assert AuditEntry.objects.count() == entries


def test_a_member_posting_an_admin_action_changes_nothing(client, alice, bob, carol):
    group = make_group(alice, name="Voisins", admission=Admission.APPROVAL)
    admit(alice, carol, group)
    request = join(bob, group)
    client.force_login(carol)

    response = client.post(reverse("community:approve", args=[group.slug, request.pk]))

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == MembershipState.REQUESTED


def test_answering_someone_elses_connection_is_a_404(client, alice, bob, carol):
    group = make_group(alice)
    join(bob, group)
    connection = services.ask_connection(bob, alice)
    client.force_login(carol)
    response = client.post(reverse("community:accept", args=[connection.pk]))
    assert response.status_code == 404
    connection.refresh_from_db()
    assert connection.status == "pending"


def _two_sponsor_group(alice, carol):
    group = make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)
    make_veteran(admit(alice, carol, group))
    Group.objects.filter(pk=group.pk).update(sponsors_required=2)
    group.refresh_from_db()
    return group


def test_a_replayed_sponsorship_post_gives_a_clear_message_and_no_second_record(
    client, alice, bob, carol
):
    group = _two_sponsor_group(alice, carol)
    request = join(bob, group)
    url = reverse("community:candidate", args=[group.slug, request.pk])
    client.force_login(alice)

    first = client.post(url, {"sentence": SENTENCE})
    assert first.status_code == 302
    replay = client.post(url, {"sentence": SENTENCE}, follow=True)

    assert replay.status_code == 200
    assert "déjà parrainé" in text(replay)
    assert Sponsorship.objects.filter(membership=request).count() == 1


def test_a_replayed_sponsorship_post_after_admission_gives_a_clear_message(client, alice, bob):
    group = make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)
    request = join(bob, group)
    url = reverse("community:candidate", args=[group.slug, request.pk])
    client.force_login(alice)

    assert client.post(url, {"sentence": SENTENCE}).status_code == 302
    request.refresh_from_db()
    assert request.state == MembershipState.ACTIVE
    replay = client.post(url, {"sentence": SENTENCE}, follow=True)

    assert replay.status_code == 200
    assert "déjà membre" in text(replay)
    assert Sponsorship.objects.filter(membership=request).count() == 1


def test_a_newcomer_posting_a_sponsorship_sees_why_and_nothing_is_written(
    client, alice, bob, carol
):
    group = make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)
    admit(alice, carol, group)
    request = join(bob, group)
    client.force_login(carol)

    response = client.post(
        reverse("community:candidate", args=[group.slug, request.pk]),
        {"sentence": SENTENCE},
        follow=True,
    )

    assert response.status_code == 200
    assert "nouveau" in text(response)
    assert not Sponsorship.objects.filter(sponsor=carol).exists()
    request.refresh_from_db()
    assert request.state == MembershipState.REQUESTED


def test_asking_a_connection_twice_through_the_page_gives_a_message(client, alice, bob):
    group = make_group(alice)
    join(bob, group)
    client.force_login(bob)
    url = reverse("community:ask", args=[alice.pk])
    client.post(url, {"next": "/relations/"})
    response = client.post(url, {"next": "/relations/"}, follow=True)
    assert response.status_code == 200
    assert "déjà en cours" in text(response)


def test_asking_a_stranger_through_the_page_is_a_404(client, alice, outsider):
    client.force_login(outsider)
    response = client.post(reverse("community:ask", args=[alice.pk]))
    assert response.status_code == 404
    assert alice.public_name not in text(response)


# --- Nobody's e-mail anywhere --------------------------------------------------------------


EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_no_page_shows_anyones_email(client, alice, bob, carol, dan, outsider):
    group = make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)
    bob_in = admit(alice, bob, group)
    make_veteran(bob_in)
    request = join(carol, group)
    services.sponsor_candidate(bob, request, sentence=SENTENCE)
    request.refresh_from_db()
    pending = join(dan, group)
    connection = connect(alice, bob)
    services.ask_connection(carol, alice)
    services.invite_by_link(alice)
    slug = group.slug
    pages = [
        reverse("community:groups"),
        reverse("community:connections"),
        reverse("community:group", args=[slug]),
        reverse("community:members", args=[slug]),
        reverse("community:charter", args=[slug]),
        reverse("community:my_sponsorships", args=[slug]),
        reverse("community:admin", args=[slug]),
        reverse("community:publish_charter", args=[slug]),
        reverse("community:join", args=[slug]),
        reverse("community:candidate", args=[slug, pending.pk]),
        reverse("community:member_admin", args=[slug, bob_in.pk]),
        reverse("community:member_admin", args=[slug, request.pk]),
        reverse("community:member_admin", args=[slug, pending.pk]),
        reverse("community:revoke", args=[slug, bob_in.pk]),
        reverse("community:remove", args=[connection.pk]),
        reverse("community:block", args=[bob.pk]),
        services.invite_by_link(alice).get_absolute_url(),
    ]
    people = [alice, bob, carol, dan, outsider]
    emails = [person.email for person in people]
    seen = 0
    for person in people:
        client.force_login(person)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 302, 404), (person, url)
            if response.status_code == 200:
                seen += 1
                body = text(response)
                for address in emails:
                    assert address not in body, (person.first_name, url, address)
    client.logout()
    for url in pages:
        body = text(client.get(url))
        assert not any(address in body for address in emails), url
    assert seen > 20


def test_asking_a_connection_never_redirects_elsewhere(client, alice, bob):
    group = make_group(alice)
    join(bob, group)
    client.force_login(bob)
    response = client.post(reverse("community:ask", args=[alice.pk]), {"next": "/\\evil.example"})
    assert response.status_code == 302
    assert response["Location"] == reverse("community:connections")


def test_a_public_subgroup_never_names_its_secret_parent(client, secret, alice, carol, outsider):
    sub = make_group(alice, name="Atelier vélo", visibility=Visibility.PUBLIC, parent=secret)
    client.force_login(outsider)

    page = client.get(reverse("community:group", args=[sub.slug]))
    listed = client.get(reverse("community:groups"))
    refused = client.post(
        reverse("community:join", args=[sub.slug]), {"accept_charter": "on"}, follow=True
    )

    assert page.status_code == 200
    assert "Atelier vélo" in text(listed)
    assert refused.status_code == 200
    assert "groupe parent" in text(refused)
    for response in (page, listed, refused):
        assert SECRET_NAME not in text(response)
    assert not Membership.objects.filter(person=outsider).exists()

    client.force_login(carol)
    assert SECRET_NAME in text(client.get(reverse("community:group", args=[sub.slug])))


def test_an_invitation_followed_before_logging_in_is_offered_once(client, alice, outsider):
    invitation = services.invite_by_link(alice)
    url = invitation.get_absolute_url()
    assert client.get(url).status_code == 200  # anonymous: the link waits in the session
    client.force_login(outsider)
    session = client.session
    session["community.invitation"] = invitation.token
    session.save()

    first = client.get(reverse("community:connections"))
    assert first.status_code == 302
    assert first["Location"] == url
    # "Plus tard": the connections page, not the invitation again.
    assert client.get(reverse("community:connections")).status_code == 200

    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert rules.are_connected(alice.pk, outsider.pk)


def test_asking_a_person_who_blocked_me_through_the_page_says_so(client, alice, bob):
    group = make_group(alice)
    join(bob, group)
    services.block_person(alice, bob)
    client.force_login(bob)

    response = client.post(
        reverse("community:ask", args=[alice.pk]), {"next": "/relations/"}, follow=True
    )

    assert response.status_code == 200
    assert "ne souhaite pas" in text(response)
    assert not Connection.objects.exists()
