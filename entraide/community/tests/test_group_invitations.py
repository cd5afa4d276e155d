"""Invitations into a group (a secret group is reachable by invitation only), sub-groups created
by members, and a personal invitation link kept with a new account until its address is
verified on any device (issue 14)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from entraide.accounts.models import User
from entraide.accounts.tests.factories import PASSWORD
from entraide.community import network, services
from entraide.community.enums import Admission, MembershipState, Visibility
from entraide.community.models import Connection, Group, GroupInvitation, Membership
from entraide.community.tests.factories import admit, connect, join, make_group
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db

VERIFICATION_LINK = r"http://testserver/comptes/confirm-email/\S+/"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def secret(alice, bob):
    """Alice's secret group, admitting on her approval; Bob is her connection, not a member."""
    meeting = make_group(alice, name="Voisins du quartier")
    join(bob, meeting)
    connect(alice, bob)
    return make_group(
        alice, name="Cercle discret", visibility=Visibility.SECRET, admission=Admission.APPROVAL
    )


def test_an_admins_invitation_shows_the_secret_group_and_admits_on_approval(
    client, secret, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = network.invite_to_group(alice, secret, bob)
    told = Notification.objects.get(recipient=bob, kind=network.GROUP_INVITED)
    assert invitation.get_absolute_url() in told.url

    client.force_login(bob)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200
    assert "Cercle discret" in text(page)
    joined = client.post(invitation.get_absolute_url(), {"accept_charter": "on"})

    assert joined.status_code == 302
    membership = Membership.objects.get(person=bob, group=secret)
    assert membership.state == MembershipState.ACTIVE  # the invitation was Alice's approval
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert AuditEntry.objects.filter(action="community.group_invitation.used").exists()


def test_a_personal_invitation_is_a_404_for_anyone_else_that_never_names_the_group(
    client, secret, alice, bob, carol
):
    invitation = network.invite_to_group(alice, secret, bob)
    client.force_login(carol)
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 404
    assert "Cercle discret" not in text(page)
    client.logout()
    visitor = client.get(invitation.get_absolute_url())
    assert "Cercle discret" not in text(visitor)
    assert not Membership.objects.filter(group=secret).exclude(person=alice).exists()


def test_an_expired_or_withdrawn_invitation_is_refused_and_changes_nothing(
    client, secret, alice, bob
):
    invitation = network.invite_to_group(alice, secret, bob)
    network.revoke_group_invitation(alice, invitation)
    client.force_login(bob)
    assert client.post(invitation.get_absolute_url(), {"accept_charter": "on"}).status_code == 404

    other = network.invite_to_group(alice, secret, bob)
    GroupInvitation.objects.filter(pk=other.pk).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(ActionRefused):
        network.join_by_invitation(bob, other, answers=[], accept_charter=True)
    assert not Membership.objects.filter(group=secret, person=bob).exists()


def test_a_used_invitation_cannot_be_replayed(client, secret, alice, bob):
    invitation = network.invite_to_group(alice, secret, bob)
    client.force_login(bob)
    client.post(invitation.get_absolute_url(), {"accept_charter": "on"})
    services.leave_group(bob, secret)

    replay = client.post(invitation.get_absolute_url(), {"accept_charter": "on"})

    assert replay.status_code == 404
    assert Membership.objects.get(person=bob, group=secret).state != MembershipState.ACTIVE


def test_only_connections_are_invited_and_only_by_an_admin(secret, alice, bob, carol):
    with pytest.raises(ActionRefused, match="relations"):
        network.invite_to_group(alice, secret, carol)
    with pytest.raises(PermissionDenied):
        network.invite_to_group(bob, secret, carol)
    assert not GroupInvitation.objects.filter(person=carol).exists()


def test_a_group_link_lets_its_holder_ask_but_not_skip_the_approval(client, secret, alice, carol):
    link = network.create_group_link(alice, secret)
    assert network.create_group_link(alice, secret) == link  # the one still open
    client.force_login(carol)
    client.post(link.get_absolute_url(), {"accept_charter": "on"})
    assert Membership.objects.get(person=carol, group=secret).state == MembershipState.REQUESTED


def test_the_invitations_page_is_a_404_for_a_member_who_is_not_admin(client, secret, alice, bob):
    invitation = network.invite_to_group(alice, secret, bob)
    network.join_by_invitation(bob, invitation, answers=[], accept_charter=True)
    client.force_login(bob)
    page = client.get(f"/groupes/{secret.slug}/admin/invitations/")
    assert page.status_code in (403, 404)
    client.force_login(alice)
    assert client.get(f"/groupes/{secret.slug}/admin/invitations/").status_code == 200


# --- Sub-groups -----------------------------------------------------------------------------


def test_a_member_creates_a_sub_group_that_only_the_parents_members_may_join(
    client, alice, bob, carol
):
    parent = make_group(alice, name="Quartier Vert")
    admit(alice, bob, parent)
    client.force_login(bob)
    created = client.post(
        f"/groupes/{parent.slug}/sous-groupe/",
        {
            "name": "Potager du quartier",
            "description": "Ceux qui jardinent ensemble.",
            "charter": "Bienveillance et partage des récoltes.",
            "admission": Admission.OPEN,
            "sponsors_required": 1,
            "visibility": Visibility.PUBLIC,
        },
    )
    assert created.status_code == 302, created.context["form"].errors
    child = Group.objects.get(name="Potager du quartier")
    assert child.parent == parent
    with pytest.raises(ActionRefused):
        join(carol, child)
    assert not Membership.objects.filter(group=child, person=carol).exists()


def test_a_non_member_cannot_create_a_sub_group(client, alice, carol):
    parent = make_group(alice, name="Quartier Vert")
    client.force_login(carol)
    assert client.get(f"/groupes/{parent.slug}/sous-groupe/").status_code == 404


# --- A personal invitation link followed before signing up ---------------------------------


def test_an_invitation_link_followed_before_sign_up_connects_when_the_phone_verifies(
    client, alice, smtp_server, django_capture_on_commit_callbacks
):
    invitation = services.invite_by_link(alice)
    client.get(f"/relations/invitation/{invitation.token}/")
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post(
            "/comptes/signup/",
            {
                "first_name": "Nina",
                "last_name": "Roux",
                "email": "nina@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "accept_charter": "on",
            },
        )
    assert signed_up.status_code == 302
    nina = User.objects.get(email="nina@example.org")
    assert not Connection.objects.filter(first__in=[alice, nina], second__in=[alice, nina])

    phone = Client()
    link = urlsplit(smtp_server.last_link(VERIFICATION_LINK)).path
    with django_capture_on_commit_callbacks(execute=True):
        landing = phone.post(link, follow=True)

    assert Connection.objects.filter(first__in=[alice, nina], second__in=[alice, nina]).exists()
    assert "Vous êtes maintenant en relation avec" in text(landing)
