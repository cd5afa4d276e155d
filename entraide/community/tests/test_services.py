"""The rules of the trusted networks, through the services."""

import pytest
from django.core.exceptions import PermissionDenied

from entraide.community import rules, selectors, services
from entraide.community.enums import (
    Admission,
    ConnectionStatus,
    GroupRole,
    MembershipState,
    SponsorshipState,
    Visibility,
)
from entraide.community.models import (
    Charter,
    Connection,
    Group,
    Membership,
    PersonBlock,
    Sponsorship,
)
from entraide.community.tests.factories import admit, connect, join, make_group, make_veteran
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry

pytestmark = pytest.mark.django_db
SENTENCE = "Je connais Bob depuis l’école, il est fiable."


@pytest.fixture
def neighbours(alice, bob, carol, dan):
    """An open public group alice founded, bob, carol and dan in it: they may see each other."""
    group = make_group(alice, name="Voisins")
    for person in (bob, carol, dan):
        join(person, group)
    return group


# --- Connections -------------------------------------------------------------------------


def test_ask_then_accept_a_connection(neighbours, alice, bob):
    connection = services.ask_connection(bob, alice)
    assert connection.status == ConnectionStatus.PENDING
    assert connection.asked_by == bob

    services.accept_connection(alice, connection)

    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.ACCEPTED
    assert rules.are_connected(alice.pk, bob.pk)
    assert list(selectors.connected_people(alice)) == [bob]
    assert AuditEntry.objects.filter(action="community.connection.accepted", actor=alice).exists()


def test_decline_then_the_asker_may_not_ask_again_at_once(neighbours, alice, bob):
    connection = services.ask_connection(bob, alice)
    services.decline_connection(alice, connection)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.DECLINED

    with pytest.raises(ActionRefused, match="décliné"):
        services.ask_connection(bob, alice)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.DECLINED


def test_remove_a_connection(neighbours, alice, bob):
    connection = connect(bob, alice)

    services.remove_connection(alice, connection)

    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.REMOVED
    assert not rules.are_connected(alice.pk, bob.pk)


def test_asking_twice_is_refused_and_writes_nothing(neighbours, alice, bob):
    services.ask_connection(bob, alice)
    entries = AuditEntry.objects.count()

    with pytest.raises(ActionRefused, match="déjà en cours"):
        services.ask_connection(bob, alice)

    assert Connection.objects.count() == 1
    assert AuditEntry.objects.count() == entries


def test_asking_someone_who_asked_me_accepts_their_request(neighbours, alice, bob):
    services.ask_connection(bob, alice)
    connection = services.ask_connection(alice, bob)
    assert connection.status == ConnectionStatus.ACCEPTED
    assert Connection.objects.count() == 1


def test_asking_oneself_is_refused(neighbours, alice):
    with pytest.raises(ActionRefused, match="vous-même"):
        services.ask_connection(alice, alice)
    assert not Connection.objects.exists()


def test_asking_a_person_who_blocked_me_is_refused_and_writes_nothing(neighbours, alice, bob):
    services.block_person(alice, bob)
    entries = AuditEntry.objects.count()

    with pytest.raises(ActionRefused, match="ne souhaite pas"):
        services.ask_connection(bob, alice)
    with pytest.raises(ActionRefused, match="débloquez"):
        services.ask_connection(alice, bob)

    assert not Connection.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_blocking_ends_a_connection(neighbours, alice, bob):
    connection = connect(alice, bob)
    services.block_person(bob, alice)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.REMOVED
    assert PersonBlock.objects.filter(blocker=bob, blocked=alice).exists()


def test_asking_a_stranger_is_forbidden(alice, outsider):
    with pytest.raises(PermissionDenied):
        services.ask_connection(outsider, alice)
    assert not Connection.objects.exists()


def test_only_the_person_asked_answers(neighbours, alice, bob, carol):
    connection = services.ask_connection(bob, alice)
    with pytest.raises(PermissionDenied):
        services.accept_connection(bob, connection)
    with pytest.raises(PermissionDenied):
        services.accept_connection(carol, connection)
    connection.refresh_from_db()
    assert connection.status == ConnectionStatus.PENDING


# --- Groups ------------------------------------------------------------------------------


def test_create_group_makes_its_creator_admin_with_charter_v1(alice):
    group = make_group(alice, name="Jardins partagés", visibility=Visibility.MEMBERS)

    membership = Membership.objects.get(group=group, person=alice)
    assert membership.state == MembershipState.ACTIVE
    assert membership.role == GroupRole.ADMIN
    assert membership.charter_version == 1
    charter = Charter.objects.get(group=group)
    assert charter.version == 1
    assert group.charter_version == 1
    assert AuditEntry.objects.filter(action="community.group.created", actor=alice).exists()


def test_create_group_refuses_a_short_name(alice):
    with pytest.raises(ActionRefused) as refused:
        make_group(alice, name="ab")
    assert refused.value.field == "name"


def test_open_group_admits_at_once(alice, bob):
    group = make_group(alice, admission=Admission.OPEN)

    membership = join(bob, group)

    assert membership.state == MembershipState.ACTIVE
    assert rules.is_active_member(bob, group)
    assert AuditEntry.objects.filter(
        action="community.membership.admitted", data__person=bob.pk
    ).exists()


def test_join_without_accepting_the_charter_is_refused(alice, bob):
    group = make_group(alice)
    with pytest.raises(ActionRefused, match="charte"):
        services.ask_to_join(bob, group, accept_charter=False)
    assert not Membership.objects.filter(person=bob).exists()


def test_approval_group_join_waits_then_admin_approves(alice, bob):
    group = make_group(alice, admission=Admission.APPROVAL)

    membership = join(bob, group)
    assert membership.state == MembershipState.REQUESTED
    assert not rules.is_active_member(bob, group)

    services.approve_membership(alice, membership)

    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE
    assert membership.decided_by == alice
    assert AuditEntry.objects.filter(
        action="community.membership.admitted", actor=alice, data__person=bob.pk
    ).exists()


def test_a_plain_member_cannot_approve(alice, bob, carol):
    group = make_group(alice, admission=Admission.APPROVAL)
    admit(alice, carol, group)
    membership = join(bob, group)
    with pytest.raises(PermissionDenied):
        services.approve_membership(carol, membership)
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED


# --- Sponsorship -------------------------------------------------------------------------


@pytest.fixture
def sponsored(alice):
    return make_group(alice, name="Confiance", admission=Admission.SPONSORSHIP)


def test_joining_a_sponsorship_group_without_sponsors_stays_pending(sponsored, alice, bob):
    membership = join(bob, sponsored)

    assert membership.state == MembershipState.REQUESTED
    with pytest.raises(ActionRefused, match="parrain"):
        services.approve_membership(alice, membership)
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED


def test_one_sponsor_with_a_sentence_admits_by_default(sponsored, alice, bob):
    membership = join(bob, sponsored)

    sponsorship = services.sponsor_candidate(alice, membership, sentence=SENTENCE)

    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE
    assert sponsorship.state == SponsorshipState.ACTIVE
    assert sponsorship.sponsor == alice
    assert sponsorship.candidate == bob
    assert sponsorship.sentence == SENTENCE
    assert AuditEntry.objects.filter(
        action="community.sponsorship.given", actor=alice, data__candidate=bob.pk
    ).exists()
    assert AuditEntry.objects.filter(
        action="community.membership.admitted", data__person=bob.pk
    ).exists()


def test_a_group_founded_alone_asks_no_more_sponsors_than_it_has_members(alice, bob, carol):
    """Gens de Confiance asks for three sponsors; a group that starts with its founder alone
    must still be able to admit its first members."""
    group = make_group(alice, admission=Admission.SPONSORSHIP, sponsors_required=3)
    first = join(bob, group)

    services.sponsor_candidate(alice, first, sentence=SENTENCE)

    first.refresh_from_db()
    assert first.state == MembershipState.ACTIVE
    make_veteran(first)
    second = join(carol, group)
    services.sponsor_candidate(alice, second, sentence=SENTENCE)
    second.refresh_from_db()
    assert second.state == MembershipState.REQUESTED


def test_two_sponsors_needed_one_is_not_enough(alice, bob, carol):
    group = make_group(alice, admission=Admission.SPONSORSHIP)
    make_veteran(admit(alice, carol, group))
    Group.objects.filter(pk=group.pk).update(sponsors_required=2)
    membership = join(bob, group)

    services.sponsor_candidate(alice, membership, sentence=SENTENCE)
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED

    services.sponsor_candidate(carol, membership, sentence=SENTENCE)
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE


def test_sponsoring_twice_is_refused(alice, bob, carol):
    group = make_group(alice, admission=Admission.SPONSORSHIP, sponsors_required=2)
    make_veteran(admit(alice, carol, group))
    membership = join(bob, group)
    services.sponsor_candidate(alice, membership, sentence=SENTENCE)

    with pytest.raises(ActionRefused, match="déjà parrainé"):
        services.sponsor_candidate(alice, membership, sentence=SENTENCE)
    assert Sponsorship.objects.filter(candidate=bob).count() == 1


def test_a_too_short_sentence_is_refused(sponsored, alice, bob):
    membership = join(bob, sponsored)
    with pytest.raises(ActionRefused) as refused:
        services.sponsor_candidate(alice, membership, sentence="ok")
    assert refused.value.field == "sentence"
    assert not Sponsorship.objects.exists()


def test_a_newcomer_cannot_sponsor(sponsored, alice, bob, carol):
    admit(alice, carol, sponsored)  # joined just now: a newcomer
    membership = join(bob, sponsored)
    entries = AuditEntry.objects.count()

    with pytest.raises(ActionRefused, match="nouveau"):
        services.sponsor_candidate(carol, membership, sentence=SENTENCE)

    assert not Sponsorship.objects.filter(sponsor=carol).exists()
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED
    assert AuditEntry.objects.count() == entries


def test_a_non_member_cannot_sponsor(sponsored, bob, outsider):
    membership = join(bob, sponsored)
    with pytest.raises(ActionRefused, match="Seuls les membres"):
        services.sponsor_candidate(outsider, membership, sentence=SENTENCE)
    assert not Sponsorship.objects.exists()


def test_a_sponsor_whose_sponsees_were_excluded_loses_the_right(
    sponsored, alice, bob, carol, dan, outsider
):
    sponsor = make_veteran(admit(alice, carol, sponsored))
    for person in (bob, dan):
        membership = join(person, sponsored)
        services.sponsor_candidate(carol, membership, sentence=SENTENCE)
        membership.refresh_from_db()
        services.revoke_membership(alice, membership, reason="Propos injurieux répétés.")
    assert rules.has_lost_sponsoring_right(sponsor)
    candidate = join(outsider, sponsored)

    with pytest.raises(ActionRefused, match="exclues"):
        services.sponsor_candidate(carol, candidate, sentence=SENTENCE)
    assert not Sponsorship.objects.filter(membership=candidate).exists()

    services.restore_sponsoring_right(alice, sponsor)
    services.sponsor_candidate(carol, candidate, sentence=SENTENCE)
    candidate.refresh_from_db()
    assert candidate.state == MembershipState.ACTIVE


def test_revoking_a_membership_keeps_its_records(sponsored, alice, bob):
    membership = join(bob, sponsored)
    sponsorship = services.sponsor_candidate(alice, membership, sentence=SENTENCE)
    membership.refresh_from_db()

    services.revoke_membership(alice, membership, reason="Ne respecte pas la charte.")

    membership.refresh_from_db()
    assert membership.state == MembershipState.REVOKED
    assert membership.reason == "Ne respecte pas la charte."
    assert membership.decided_by == alice
    sponsorship.refresh_from_db()
    assert sponsorship.sentence == SENTENCE
    assert sponsorship.sponsor == alice
    assert Sponsorship.objects.filter(membership=membership).count() == 1
    assert not rules.is_active_member(bob, sponsored)
    entry = AuditEntry.objects.get(action="community.membership.revoked")
    assert entry.actor == alice
    assert entry.data["person"] == bob.pk


def test_revoking_needs_a_reason(sponsored, alice, bob):
    membership = admit(alice, bob, sponsored)
    with pytest.raises(ActionRefused) as refused:
        services.revoke_membership(alice, membership, reason="")
    assert refused.value.field == "reason"
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE


def test_a_member_cannot_revoke(sponsored, alice, bob, carol):
    target = admit(alice, bob, sponsored)
    admit(alice, carol, sponsored)
    with pytest.raises(PermissionDenied):
        services.revoke_membership(carol, target, reason="Je ne l’aime pas.")
    target.refresh_from_db()
    assert target.state == MembershipState.ACTIVE


# --- The charter -------------------------------------------------------------------------


def test_a_new_charter_version_must_be_accepted_again(alice, bob):
    group = make_group(alice)
    join(bob, group)
    assert not selectors.must_accept_charter(bob, group)

    services.publish_charter(alice, group, text="Nouvelle charte : respect et entraide.")
    group.refresh_from_db()

    assert group.charter_version == 2
    assert selectors.must_accept_charter(bob, group)
    assert not selectors.must_accept_charter(alice, group)  # the publisher read it
    with pytest.raises(ActionRefused, match="changé"):
        services.accept_charter(bob, group, version=1)

    membership = services.accept_charter(bob, group, version=2)

    assert membership.charter_version == 2
    assert membership.charter_accepted_at is not None
    assert not selectors.must_accept_charter(bob, group)
    assert AuditEntry.objects.filter(action="community.charter.published", actor=alice).exists()
    assert AuditEntry.objects.filter(action="community.charter.accepted", actor=bob).exists()


def test_leaving_keeps_the_sponsorships_given(sponsored, alice, bob):
    membership = join(bob, sponsored)
    services.sponsor_candidate(alice, membership, sentence=SENTENCE)
    membership.refresh_from_db()
    services.leave_group(bob, sponsored)
    assert Sponsorship.objects.filter(candidate=bob, state=SponsorshipState.ACTIVE).count() == 1


def test_someone_excluded_from_an_open_group_waits_for_an_admin_to_come_back(alice, bob):
    group = make_group(alice, admission=Admission.OPEN)
    membership = join(bob, group)
    services.revoke_membership(alice, membership, reason="Messages publicitaires.")

    again = join(bob, group)

    assert again.state == MembershipState.REQUESTED
    assert not rules.is_active_member(bob, group)
    services.approve_membership(alice, again)
    again.refresh_from_db()
    assert again.state == MembershipState.ACTIVE


# --- Trust -------------------------------------------------------------------------------


def test_trust_ends_the_newcomer_period_before_its_days(alice, bob, carol, dan):
    group = make_group(alice)
    newcomer = join(bob, group)
    for person in (carol, dan):
        make_veteran(join(person, group))
    assert rules.is_newcomer(newcomer)  # 4 members: 2 marks of trust needed

    services.give_trust(carol, newcomer)
    assert rules.is_newcomer(newcomer)
    services.give_trust(dan, newcomer)

    assert not rules.is_newcomer(newcomer)
    with pytest.raises(ActionRefused, match="déjà accordé"):
        services.give_trust(dan, newcomer)


def test_trust_is_capped_each_week(alice, bob, carol, dan, outsider):
    group = make_group(alice)
    targets = [join(person, group) for person in (bob, carol, dan, outsider)]
    for target in targets[:3]:
        services.give_trust(alice, target)

    with pytest.raises(ActionRefused, match="cette semaine"):
        services.give_trust(alice, targets[3])


# --- Notifications (run after the commit) ------------------------------------------------


def test_people_are_told_after_the_commit(
    sponsored, alice, bob, carol, django_capture_on_commit_callbacks
):
    from entraide.core.models import Notification

    neighbours = make_group(alice, name="Voisins")
    join(bob, neighbours)
    with django_capture_on_commit_callbacks(execute=True):
        connection = services.ask_connection(bob, alice)
        services.accept_connection(alice, connection)
        Membership.objects.filter(group=sponsored, person=alice).update(tell_me_about_sponsees=True)
        membership = join(bob, sponsored)
        services.sponsor_candidate(alice, membership, sentence=SENTENCE)
        membership.refresh_from_db()
        services.revoke_membership(alice, membership, reason="Ne respecte pas la charte.")

    kinds = set(Notification.objects.values_list("recipient__first_name", "kind"))
    assert ("Alice", "community.connection_asked") in kinds
    assert ("Bob", "community.connection_accepted") in kinds
    assert ("Alice", "community.sponsorship_asked") in kinds
    assert ("Bob", "community.admission") in kinds
    assert ("Alice", "community.sponsee_removed") in kinds


# --- Invitation links --------------------------------------------------------------------


def test_an_invitation_link_connects_a_stranger(alice, outsider):
    invitation = services.invite_by_link(alice)
    assert services.invite_by_link(alice) == invitation  # the one still valid

    with pytest.raises(ActionRefused, match="propre lien"):
        services.accept_invitation(alice, invitation.token)
    connection = services.accept_invitation(outsider, invitation.token)

    assert connection.status == ConnectionStatus.ACCEPTED
    assert rules.are_connected(alice.pk, outsider.pk)
    with pytest.raises(ActionRefused, match="déjà en relation"):
        services.accept_invitation(outsider, invitation.token)


def test_an_expired_or_revoked_invitation_is_refused(alice, bob, outsider):
    from datetime import timedelta

    from django.utils import timezone

    invitation = services.invite_by_link(alice)
    services.revoke_invitation(alice, invitation)
    with pytest.raises(ActionRefused, match="plus valable"):
        services.accept_invitation(outsider, invitation.token)
    fresh = services.invite_by_link(alice)
    type(fresh).objects.filter(pk=fresh.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ActionRefused, match="plus valable"):
        services.accept_invitation(bob, fresh.token)
    assert not Connection.objects.exists()


def test_approval_after_sponsorship_waits_for_an_admin(alice, bob):
    group = make_group(alice, admission=Admission.SPONSORSHIP, approval_after_sponsorship=True)
    membership = join(bob, group)
    sponsorship = services.sponsor_candidate(alice, membership, sentence=SENTENCE)
    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED
    assert sponsorship.state == SponsorshipState.PENDING

    services.approve_membership(alice, membership)

    sponsorship.refresh_from_db()
    assert sponsorship.state == SponsorshipState.ACTIVE
    assert rules.is_active_member(bob, group)


# --- Roles -------------------------------------------------------------------------------


def test_roles_change_with_an_audit_row_and_the_last_admin_stays(alice, bob):
    group = make_group(alice)
    founder = Membership.objects.get(group=group, person=alice)
    with pytest.raises(ActionRefused, match="dernier administrateur"):
        services.set_role(alice, founder, role=GroupRole.MEMBER)

    membership = services.set_role(alice, join(bob, group), role=GroupRole.MODERATOR)

    assert membership.role == GroupRole.MODERATOR
    entry = AuditEntry.objects.get(action="community.membership.role_changed")
    assert entry.data == {"person": bob.pk, "before": "member", "after": "moderator"}
    # A moderator reviews requests but neither excludes nor changes roles.
    assert rules.can_review_requests(bob, group)
    with pytest.raises(PermissionDenied):
        services.revoke_membership(bob, founder, reason="Je prends la main.")
    with pytest.raises(PermissionDenied):
        services.set_role(bob, membership, role=GroupRole.ADMIN)
    membership.refresh_from_db()
    assert membership.role == GroupRole.MODERATOR


def test_anti_collusion_wants_sponsors_from_more_than_one_circle(alice, bob, carol, dan):
    group = make_group(alice, admission=Admission.SPONSORSHIP, anti_collusion=True)
    make_veteran(admit(alice, carol, group))  # carol brought in by alice
    Group.objects.filter(pk=group.pk).update(sponsors_required=2)
    membership = join(bob, group)
    services.sponsor_candidate(alice, membership, sentence=SENTENCE)

    with pytest.raises(ActionRefused, match="même cercle"):
        services.sponsor_candidate(carol, membership, sentence=SENTENCE)

    membership.refresh_from_db()
    assert membership.state == MembershipState.REQUESTED
    assert not Sponsorship.objects.filter(sponsor=carol, membership=membership).exists()
