"""Communes and territories for the tests. A handful of real communes, never all of France."""

from collections.abc import Sequence

import factory

from entraide.territories.enums import CommuneKind, LocationSource
from entraide.territories.geocoder import name_key
from entraide.territories.models import Commune, CommunePostcode, Territory
from entraide.territories.services import create_territory


class CommuneFactory(factory.django.DjangoModelFactory[Commune]):
    """A commune with its `CommunePostcode` rows and its `name_key`, as `load_communes` writes
    them. Pass `postcodes="52100"` (space-separated) for the postcodes."""

    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)
        skip_postgeneration_save = True

    # Five characters like a real code, never one: "Z" starts no INSEE code.
    insee_code = factory.Sequence(lambda n: f"Z{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    name_key = factory.LazyAttribute(lambda commune: name_key(commune.name))
    kind = CommuneKind.COMMUNE
    department_code = factory.LazyAttribute(lambda commune: commune.insee_code[:2])
    postcodes = factory.LazyAttribute(lambda commune: f"{commune.insee_code[:2]}000")
    population = 1000
    latitude = 48.6
    longitude = 4.9
    location_source = LocationSource.GEONAMES

    @factory.post_generation
    def postcode_rows(commune: Commune, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for postcode in commune.postcodes.split():
                CommunePostcode.objects.get_or_create(postcode=postcode, commune=commune)


def saint_dizier_communes() -> list[Commune]:
    """Saint-Dizier and two neighbours, with their real codes and GeoNames points."""
    return [
        CommuneFactory(
            insee_code="52448",
            name="Saint-Dizier",
            postcodes="52100",
            population=23382,
            latitude=48.63773,
            longitude=4.94892,
        ),
        CommuneFactory(
            insee_code="52104",
            name="Chancenay",
            postcodes="52100",
            population=1075,
            latitude=48.67001,
            longitude=4.98715,
        ),
        CommuneFactory(
            insee_code="52045",
            name="Bettancourt-la-Ferrée",
            postcodes="52100",
            population=1695,
            latitude=48.64898,
            longitude=4.96971,
        ),
    ]


class TerritoryFactory(factory.django.DjangoModelFactory[Territory]):
    """A territory created through `create_territory` (so it is audited like a real one).
    `communes` defaults to one fresh commune."""

    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")
    description = ""
    communes = factory.LazyFunction(lambda: [CommuneFactory()])

    @classmethod
    def _create(
        cls,
        model_class: type[Territory],
        *,
        communes: Sequence[Commune],
        actor: object = None,
        **kwargs: str,
    ) -> Territory:
        return create_territory(
            actor,  # type: ignore[arg-type]
            commune_codes=[commune.insee_code for commune in communes],
            **kwargs,
        )
