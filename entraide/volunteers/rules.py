from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User
from entraide.organisations import rules as organisation_rules
from entraide.organisations.models import Organisation
from entraide.volunteers.models import VolunteerProfile


def can_search_volunteers(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Admins of a verified organisation search the volunteers who opted in."""
    return organisation.is_verified and organisation_rules.can_manage_organisation(
        user, organisation
    )


def finds_a_discoverable_volunteer(viewer: User, person: User) -> bool:
    """The person made their volunteer profile discoverable, and the viewer runs a verified
    organisation, which may search it (a reason for accounts.rules to show the person's page)."""
    return (
        VolunteerProfile.objects.filter(person=person, discoverable=True).exists()
        and Organisation.objects.verified()
        .filter(
            memberships__person=viewer,
            memberships__role__in=organisation_rules.MANAGING_ROLES,
        )
        .exists()
    )
