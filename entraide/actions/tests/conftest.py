import pytest

from entraide.organisations.tests.factories import make_organisation


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    """Alex's verified association in Saint-Dizier."""
    return make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )
