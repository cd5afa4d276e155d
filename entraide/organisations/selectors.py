from django.db.models import QuerySet

from entraide.organisations.enums import VerificationStatus
from entraide.organisations.models import Membership


def public_memberships_of(person: object) -> QuerySet[Membership]:
    """A person's memberships shown on their public page: verified organisations only."""
    return Membership.objects.filter(
        person=person, organisation__status=VerificationStatus.VERIFIED
    ).select_related("organisation")
