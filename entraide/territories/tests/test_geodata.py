import math

import pytest

from entraide.territories.enums import CommuneKind, LocationSource
from entraide.territories.geodata import join_communes


def etalab_row(code, name, postcodes, department=None, population=100, **extra):
    return {
        "code": code,
        "nom": name,
        "type": "commune-actuelle",
        "departement": department or code[:2],
        "codesPostaux": postcodes,
        "population": population,
        **extra,
    }


def by_code(records):
    return {record.insee_code: record for record in records}


def test_join_communes_takes_the_geonames_point_on_the_insee_code():
    rows = [etalab_row("52448", "Saint-Dizier", ["52100"], population=22858)]

    [record] = join_communes(rows, {"52448": (48.63773, 4.94892)})

    assert record.insee_code == "52448"
    assert record.name == "Saint-Dizier"
    assert record.kind == CommuneKind.COMMUNE
    assert record.department_code == "52"
    assert record.postcodes == ("52100",)
    assert record.population == 22858
    assert (record.latitude, record.longitude) == (48.63773, 4.94892)
    assert record.location_source == LocationSource.GEONAMES


def test_join_communes_places_a_commune_without_point_at_its_postcode_average():
    rows = [
        etalab_row("52001", "Une", ["52100"]),
        etalab_row("52002", "Deux", ["52100"]),
        etalab_row("52003", "Sans point", ["52100"]),
    ]
    points = {"52001": (48.0, 4.0), "52002": (49.0, 5.0)}

    records = by_code(join_communes(rows, points))

    assert (records["52003"].latitude, records["52003"].longitude) == (48.5, 4.5)
    assert records["52003"].location_source == LocationSource.POSTCODE_AVERAGE


def test_join_communes_falls_back_to_the_department_average():
    rows = [
        etalab_row("52001", "Une", ["52100"]),
        etalab_row("52002", "Deux", ["52200"]),
        etalab_row("52003", "Isolée", ["52300"]),
        etalab_row("75056", "Ailleurs", ["75001"]),
    ]
    points = {"52001": (48.0, 4.0), "52002": (48.5, 5.0), "75056": (10.0, 10.0)}

    records = by_code(join_communes(rows, points))

    assert (records["52003"].latitude, records["52003"].longitude) == (48.25, 4.5)
    assert records["52003"].location_source == LocationSource.DEPARTMENT_AVERAGE


def test_join_communes_leaves_out_a_commune_that_cannot_be_placed_at_all():
    rows = [etalab_row("98001", "Nulle part", ["98000"]), etalab_row("52001", "Une", ["52100"])]

    records = by_code(join_communes(rows, {"52001": (48.0, 4.0)}))

    assert list(records) == ["52001"]


def test_join_communes_keeps_an_arrondissement_with_its_parent_code():
    rows = [
        etalab_row("75056", "Paris", ["75011"]),
        etalab_row(
            "75111",
            "Paris 11e Arrondissement",
            ["75011"],
            type="arrondissement-municipal",
            commune="75056",
        ),
    ]

    records = by_code(join_communes(rows, {"75056": (48.85, 2.35)}))

    assert records["75111"].kind == CommuneKind.ARRONDISSEMENT
    assert records["75111"].parent_code == "75056"


def test_join_communes_reads_a_missing_population_as_zero():
    rows = [etalab_row("52001", "Une", ["52100"], population=None)]

    [record] = join_communes(rows, {"52001": (48.0, 4.0)})

    assert record.population == 0


@pytest.fixture(scope="module")
def france(france_communes):
    return by_code(france_communes)


def test_read_communes_from_the_npm_packages_gives_all_of_france(france_communes):
    # `france_communes` is read_communes(settings.NODE_MODULES), read once per session.
    assert len(france_communes) > 34_000


def test_read_communes_places_saint_dizier_with_its_geonames_point(france):
    saint_dizier = france["52448"]

    assert saint_dizier.name == "Saint-Dizier"
    assert saint_dizier.postcodes == ("52100",)
    assert saint_dizier.location_source == LocationSource.GEONAMES
    assert math.isclose(saint_dizier.latitude, 48.64, abs_tol=0.02)
    assert math.isclose(saint_dizier.longitude, 4.95, abs_tol=0.02)


def test_read_communes_gives_paris_arrondissements(france):
    eleventh = france["75111"]

    assert eleventh.kind == CommuneKind.ARRONDISSEMENT
    assert eleventh.parent_code == "75056"
    assert eleventh.postcodes == ("75011",)
