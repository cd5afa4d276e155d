"""The admin reads organisations, invitations and partnerships; changes go through the site's
pages and their services (audit log, search words, the slots kept in step)."""

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.organisations.enums import InvitationStatus, VerificationStatus
from entraide.organisations.services import invite_member
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(email="admin@example.org", is_staff=True, is_superuser=True))
    return client


def test_the_admin_shows_an_organisation_without_a_form_to_change_it(
    admin_client, association_admin, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, name="Amicale")
    url = f"/admin/organisations/organisation/{organisation.pk}/change/"

    page = admin_client.get(url)
    admin_client.post(url, {"name": "Renommée en douce", "status": VerificationStatus.VERIFIED})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.status) == ("Amicale", VerificationStatus.PENDING)


def test_the_admin_cannot_add_or_delete_organisations(
    admin_client, association_admin, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)

    assert admin_client.get("/admin/organisations/organisation/add/").status_code == 403
    admin_client.post(
        f"/admin/organisations/organisation/{organisation.pk}/delete/", {"post": "yes"}
    )

    assert organisation.__class__.objects.filter(pk=organisation.pk).exists()


def test_an_invitation_status_cannot_be_set_by_hand(admin_client, association_admin, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    invitation = invite_member(
        association_admin, organisation, email="lea@example.org", role="member"
    )

    admin_client.post(
        f"/admin/organisations/invitation/{invitation.pk}/change/",
        {"status": InvitationStatus.ACCEPTED, "role": "owner"},
    )

    invitation.refresh_from_db()
    assert (invitation.status, invitation.role) == (InvitationStatus.PENDING, "member")


def test_staff_still_verify_from_the_admin_through_the_service(
    admin_client, association_admin, saint_dizier, territory
):
    from entraide.territories.services import add_territory_staff

    organisation = make_organisation(association_admin, saint_dizier)
    superuser = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    add_territory_staff(None, territory, superuser)
    admin_client.force_login(superuser)

    admin_client.post(
        "/admin/organisations/organisation/",
        {"action": "verify_selected", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.status == VerificationStatus.VERIFIED
