import pytest
from django.core.exceptions import PermissionDenied

from entraide.core.audit import audit_trail
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry
from entraide.organisations import services
from entraide.organisations.enums import PartnershipStatus, Role, VerificationStatus
from entraide.organisations.models import Membership
from entraide.organisations.selectors import partners_of
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def actions_on(target):
    return list(audit_trail(target).order_by("id").values_list("action", flat=True))


def test_create_organisation_makes_the_creator_owner_and_waits_for_verification(
    association_admin, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, name="Les Jardins partagés")

    assert organisation.status == VerificationStatus.PENDING
    assert organisation.slug == "les-jardins-partages"
    assert Membership.objects.get(organisation=organisation).role == Role.OWNER
    assert (organisation.latitude, organisation.longitude) == (
        saint_dizier.latitude,
        saint_dizier.longitude,
    )
    assert actions_on(organisation) == ["organisations.organisation.created"]


def test_two_organisations_of_the_same_name_get_distinct_slugs(association_admin, saint_dizier):
    first = make_organisation(association_admin, saint_dizier, name="Amicale")
    second = make_organisation(association_admin, saint_dizier, name="Amicale")
    assert (first.slug, second.slug) == ("amicale", "amicale-2")


def test_new_organisation_notifies_the_territory_staff_by_email(
    association_admin, saint_dizier, staff, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_organisation(association_admin, saint_dizier, name="Club de handball")

    mail = smtp_server.wait_for(1)[0]
    assert mail.to == ["sophie@example.org"]
    assert "Club de handball" in mail.subject
    assert "/organisations/verifications/" in mail.body


def test_staff_verifies_and_owner_is_told(
    association_admin, saint_dizier, staff, smtp_server, django_capture_on_commit_callbacks
):
    organisation = make_organisation(association_admin, saint_dizier)
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_organisation(staff, organisation)

    assert organisation.status == VerificationStatus.VERIFIED
    mail = smtp_server.wait_for(1)[0]
    assert mail.to == ["alex@example.org"]
    assert "vérifiée" in mail.subject
    assert actions_on(organisation)[-1] == "organisations.organisation.verified"


def test_only_staff_of_the_territory_may_verify(association_admin, saint_dizier, outsider):
    organisation = make_organisation(association_admin, saint_dizier)
    with pytest.raises(PermissionDenied):
        services.verify_organisation(outsider, organisation)
    with pytest.raises(PermissionDenied):
        services.verify_organisation(association_admin, organisation)


def test_rejection_needs_a_reason(association_admin, saint_dizier, staff):
    organisation = make_organisation(association_admin, saint_dizier)
    with pytest.raises(ActionRefused) as refusal:
        services.reject_organisation(staff, organisation, reason="  ")
    assert refusal.value.field == "reason"
    organisation.refresh_from_db()
    assert organisation.status == VerificationStatus.PENDING


def test_editing_a_rejected_organisation_sends_it_back_to_verification(
    association_admin, saint_dizier, staff
):
    organisation = make_organisation(association_admin, saint_dizier)
    services.reject_organisation(staff, organisation, reason="Numéro RNA manquant")
    profile = services.OrganisationProfile(
        name=organisation.name, kind="association", short_description="Corrigé",
        commune=saint_dizier, rna_number="W521004321",
    )  # fmt: skip

    services.update_organisation(association_admin, organisation, profile)

    organisation.refresh_from_db()
    assert organisation.status == VerificationStatus.PENDING
    assert organisation.rna_number == "W521004321"


def test_a_plain_member_cannot_edit_the_profile(association_admin, volunteer, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    Membership.objects.create(organisation=organisation, person=volunteer, role=Role.MEMBER)
    profile = services.OrganisationProfile(
        name="Autre", kind="association", short_description="x", commune=saint_dizier
    )
    with pytest.raises(PermissionDenied):
        services.update_organisation(volunteer, organisation, profile)


def test_invitation_mail_carries_a_link_that_makes_the_reader_a_member(
    association_admin, volunteer, saint_dizier, smtp_server, django_capture_on_commit_callbacks
):
    organisation = make_organisation(association_admin, saint_dizier)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_member(
            association_admin, organisation, email="Camille@Example.org", role=Role.MEMBER
        )
    mail = smtp_server.wait_for(1)[0]
    assert mail.to == ["camille@example.org"]
    assert f"/organisations/invitations/{invitation.token}/" in mail.body

    membership = services.accept_invitation(volunteer, invitation)

    assert membership.role == Role.MEMBER
    assert "organisations.member.joined" in actions_on(organisation)
    with pytest.raises(ActionRefused):
        services.accept_invitation(volunteer, invitation)


def test_only_the_owner_invites_admins(association_admin, volunteer, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    Membership.objects.create(organisation=organisation, person=volunteer, role=Role.ADMIN)
    with pytest.raises(ActionRefused):
        services.invite_member(volunteer, organisation, email="x@example.org", role=Role.ADMIN)
    invitation = services.invite_member(
        volunteer, organisation, email="x@example.org", role=Role.MEMBER
    )
    assert invitation.role == Role.MEMBER


def test_inviting_an_existing_member_is_refused(association_admin, volunteer, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    Membership.objects.create(organisation=organisation, person=volunteer, role=Role.MEMBER)
    with pytest.raises(ActionRefused, match="déjà membre"):
        services.invite_member(
            association_admin, organisation, email="camille@example.org", role=Role.MEMBER
        )


def test_an_outsider_cannot_invite(association_admin, outsider, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    with pytest.raises(PermissionDenied):
        services.invite_member(outsider, organisation, email="x@example.org", role=Role.MEMBER)


def test_transfer_of_ownership_leaves_exactly_one_owner(association_admin, volunteer, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    camille = Membership.objects.create(
        organisation=organisation, person=volunteer, role=Role.MEMBER
    )

    services.transfer_ownership(association_admin, organisation, camille)

    roles = dict(
        Membership.objects.filter(organisation=organisation).values_list("person__email", "role")
    )
    assert roles == {"alex@example.org": Role.ADMIN, "camille@example.org": Role.OWNER}
    assert "organisations.ownership.transferred" in actions_on(organisation)


def test_an_admin_cannot_transfer_ownership(association_admin, volunteer, outsider, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    Membership.objects.create(organisation=organisation, person=volunteer, role=Role.ADMIN)
    other = Membership.objects.create(organisation=organisation, person=outsider, role=Role.MEMBER)
    with pytest.raises(PermissionDenied):
        services.transfer_ownership(volunteer, organisation, other)


def test_owner_promotes_a_member_to_admin_and_it_is_logged(
    association_admin, volunteer, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    membership = Membership.objects.create(
        organisation=organisation, person=volunteer, role=Role.MEMBER
    )

    services.change_member_role(association_admin, membership, role=Role.ADMIN)

    assert Membership.objects.get(pk=membership.pk).role == Role.ADMIN
    entry = AuditEntry.objects.filter(action="organisations.member.role_changed").get()
    assert entry.data == {"person": volunteer.pk, "previous": "member", "role": "admin"}


def test_the_owner_cannot_leave_before_handing_over(association_admin, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)
    owner = Membership.objects.get(organisation=organisation)
    with pytest.raises(ActionRefused, match="transmettre"):
        services.remove_member(association_admin, owner)


def test_a_member_may_leave_and_an_admin_may_remove_a_member(
    association_admin, volunteer, outsider, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    camille = Membership.objects.create(
        organisation=organisation, person=volunteer, role=Role.MEMBER
    )
    olivier = Membership.objects.create(
        organisation=organisation, person=outsider, role=Role.MEMBER
    )

    services.remove_member(volunteer, camille)
    services.remove_member(association_admin, olivier)

    assert list(
        Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
    ) == [Role.OWNER]
    assert actions_on(organisation)[-2:] == [
        "organisations.member.left",
        "organisations.member.removed",
    ]


def test_partnership_shows_on_both_sides_once_accepted(
    association_admin, volunteer, saint_dizier, staff
):
    jardins = make_organisation(association_admin, saint_dizier, name="Jardins", verified_by=staff)
    repair = make_organisation(volunteer, saint_dizier, name="Repair café", verified_by=staff)

    partnership = services.request_partnership(
        association_admin, jardins, repair, message="Ensemble ?"
    )
    assert partners_of(jardins) == []
    with pytest.raises(PermissionDenied):
        services.decide_partnership(association_admin, partnership, accept=True)
    services.decide_partnership(volunteer, partnership, accept=True)

    assert partners_of(jardins) == [repair]
    assert partners_of(repair) == [jardins]


def test_a_second_request_between_the_same_pair_is_refused(
    association_admin, volunteer, saint_dizier, staff
):
    jardins = make_organisation(association_admin, saint_dizier, name="Jardins", verified_by=staff)
    repair = make_organisation(volunteer, saint_dizier, name="Repair café", verified_by=staff)
    services.request_partnership(association_admin, jardins, repair)
    with pytest.raises(ActionRefused):
        services.request_partnership(volunteer, repair, jardins)


def test_declined_then_ended_partnerships_leave_no_partner(
    association_admin, volunteer, saint_dizier, staff
):
    jardins = make_organisation(association_admin, saint_dizier, name="Jardins", verified_by=staff)
    repair = make_organisation(volunteer, saint_dizier, name="Repair café", verified_by=staff)
    first = services.request_partnership(association_admin, jardins, repair)
    services.decide_partnership(volunteer, first, accept=False)
    second = services.request_partnership(association_admin, jardins, repair)
    services.decide_partnership(volunteer, second, accept=True)

    services.end_partnership(association_admin, second)

    assert second.status == PartnershipStatus.ENDED
    assert partners_of(repair) == []


def test_an_unverified_organisation_cannot_ask_for_partners(
    association_admin, volunteer, saint_dizier, staff
):
    pending = make_organisation(association_admin, saint_dizier, name="En attente")
    repair = make_organisation(volunteer, saint_dizier, name="Repair café", verified_by=staff)
    with pytest.raises(PermissionDenied):
        services.request_partnership(association_admin, pending, repair)
