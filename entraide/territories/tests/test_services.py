import pytest

from entraide.core.models import AuditEntry
from entraide.territories.models import Territory
from entraide.territories.rules import is_staff_for_commune, is_territory_staff
from entraide.territories.services import (
    add_territory_staff,
    create_territory,
    remove_territory_staff,
)
from entraide.territories.tests.factories import (
    CommuneFactory,
    TerritoryFactory,
    saint_dizier_communes,
)


def test_create_territory_over_communes_writes_an_audit_entry(volunteer):
    codes = [commune.insee_code for commune in saint_dizier_communes()]

    territory = create_territory(volunteer, name="Saint-Dizier agglomération", commune_codes=codes)

    assert territory.slug == "saint-dizier-agglomeration"
    assert sorted(territory.communes.values_list("insee_code", flat=True)) == sorted(codes)
    entry = AuditEntry.objects.get()
    assert entry.action == "territories.territory.created"
    assert entry.actor == volunteer
    assert entry.target == territory
    assert entry.data == {"communes": 3}


@pytest.mark.parametrize("slug", ["admin", "comptes", "membres", "organisations", "static"])
def test_create_territory_refuses_a_reserved_slug(db, slug):
    commune = CommuneFactory()

    with pytest.raises(ValueError, match="reserved"):
        create_territory(None, name="Piège", slug=slug, commune_codes=[commune.insee_code])

    assert Territory.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_create_territory_refuses_a_name_whose_slug_is_reserved(db):
    commune = CommuneFactory()

    with pytest.raises(ValueError, match="reserved"):
        create_territory(None, name="Admin", commune_codes=[commune.insee_code])


def test_create_territory_refuses_unknown_commune_codes(db):
    commune = CommuneFactory(insee_code="52448")

    with pytest.raises(ValueError, match="99999"):
        create_territory(None, name="Quelque part", commune_codes=["52448", "99999"])

    assert Territory.objects.count() == 0
    assert commune.territories.count() == 0


def test_territory_factory_builds_through_the_service(db):
    territory = TerritoryFactory(name="Chaumont", slug="chaumont")

    assert territory.communes.count() == 1
    assert AuditEntry.objects.get().action == "territories.territory.created"


def test_add_territory_staff_makes_a_person_staff_and_is_audited(territory, volunteer, outsider):
    add_territory_staff(outsider, territory, volunteer)

    assert is_territory_staff(volunteer, territory)
    assert is_staff_for_commune(volunteer, territory.communes.get(insee_code="52448"))
    entry = AuditEntry.objects.filter(action="territories.staff.added").get()
    assert entry.actor == outsider
    assert entry.data == {"person": volunteer.pk}


def test_remove_territory_staff_is_audited(staff, territory):
    remove_territory_staff(None, territory, staff)

    assert not is_territory_staff(staff, territory)
    assert AuditEntry.objects.filter(action="territories.staff.removed").count() == 1


def test_staff_fixture_is_staff_of_the_territory_only(staff, territory, outsider, db):
    other = TerritoryFactory()

    assert is_territory_staff(staff, territory)
    assert not is_territory_staff(staff, other)
    assert not is_territory_staff(outsider, territory)
    assert not is_staff_for_commune(staff, None)
