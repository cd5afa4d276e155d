"""Organisations for the tests, made through the services as the site makes them."""

from typing import Any

from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.organisations.services import (
    OrganisationProfile,
    create_organisation,
    verify_organisation,
)


def make_organisation(
    owner: Any, commune: Any, *, verified_by: Any = None, **fields: Any
) -> Organisation:
    """An organisation owned by `owner` in `commune`; verified when `verified_by` (staff) is given."""
    profile = OrganisationProfile(
        name=fields.pop("name", "Les Jardins partagés"),
        kind=fields.pop("kind", "association"),
        short_description=fields.pop("short_description", "Des potagers cultivés ensemble."),
        commune=commune,
        description=fields.pop("description", "Nous cherchons des **bénévoles** pour le jardin."),
        interests=tuple(fields.pop("interests", (Interest.ENVIRONMENT,))),
        **fields,
    )
    organisation = create_organisation(owner, profile)
    if verified_by is not None:
        organisation = verify_organisation(verified_by, organisation)
    return organisation
