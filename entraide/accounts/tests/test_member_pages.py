"""A member's page is shown only where the viewer has a reason to meet the person: nobody can
list the site's people by walking /membres/1/, /membres/2/… (the reasons come from the apps
above accounts, so this test reaches into them)."""

import pytest
from django.test import Client

from entraide.accounts.tests.factories import UserFactory
from entraide.actions.services import join_slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.messaging.services import start_conversation
from entraide.organisations.services import accept_invitation, invite_member
from entraide.organisations.tests.factories import make_organisation
from entraide.volunteers.services import ProfileDetails, save_profile, set_discoverable

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    return make_organisation(association_admin, saint_dizier, verified_by=staff)


def page_of(viewer, person) -> int:
    client = Client()
    client.force_login(viewer)
    return client.get(f"/membres/{person.pk}/").status_code


def test_a_stranger_gets_a_404_for_a_member_page(volunteer, outsider):
    assert page_of(outsider, volunteer) == 404


def test_nobody_can_walk_the_ids_to_find_the_superuser(outsider):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)

    assert [page_of(outsider, person) for person in (root,)] == [404]


def test_a_person_sees_their_own_page(volunteer):
    assert page_of(volunteer, volunteer) == 200


def test_members_of_one_organisation_see_each_other(organisation, association_admin, volunteer):
    invitation = invite_member(
        association_admin, organisation, email=volunteer.email, role="member"
    )
    accept_invitation(volunteer, invitation)

    assert (page_of(volunteer, association_admin), page_of(association_admin, volunteer)) == (
        200,
        200,
    )


def test_the_organiser_sees_a_participant_and_participants_see_each_other(
    organisation, association_admin, volunteer, outsider
):
    slot = first_slot(make_action(association_admin, organisation))
    join_slot(volunteer, slot)
    assert page_of(outsider, volunteer) == 404

    join_slot(outsider, slot)

    assert (page_of(association_admin, volunteer), page_of(outsider, volunteer)) == (200, 200)


def test_an_organisation_that_was_written_to_sees_the_writer(
    organisation, association_admin, volunteer
):
    start_conversation(volunteer, organisation, subject="Bonjour", body="Je voudrais aider.")

    assert (page_of(association_admin, volunteer), page_of(volunteer, association_admin)) == (
        200,
        200,
    )


def test_a_discoverable_volunteer_is_seen_by_a_verified_organisation_only(
    organisation, association_admin, volunteer, outsider, saint_dizier
):
    profile = save_profile(volunteer, ProfileDetails(home_commune=saint_dizier))
    assert page_of(association_admin, volunteer) == 404

    set_discoverable(volunteer, profile, discoverable=True)

    assert (page_of(association_admin, volunteer), page_of(outsider, volunteer)) == (200, 404)
