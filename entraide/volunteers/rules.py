from typing import Any

from entraide.organisations import rules as organisation_rules
from entraide.organisations.models import Organisation


def can_search_volunteers(user: Any, organisation: Organisation) -> bool:
    """Admins of a verified organisation search the volunteers who opted in."""
    return organisation.is_verified and organisation_rules.can_manage_organisation(
        user, organisation
    )
