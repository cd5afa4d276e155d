import math

import pytest

from entraide.core.geo import Point
from entraide.territories.enums import CommuneKind
from entraide.territories.geocoder import GeocodingError, commune_at, geocode, name_key
from entraide.territories.tests.factories import CommuneFactory


def test_name_key_unaccents_lowers_and_expands_saint():
    assert name_key("Saint-Dizier") == "saint dizier"
    assert name_key("ST DIZIER") == "saint dizier"
    assert name_key("Ste-Ménehould") == "sainte menehould"
    assert name_key("Bettancourt-la-Ferrée") == "bettancourt la ferree"


@pytest.mark.parametrize(
    "query", ["52100", "Saint-Dizier", "saint dizier", "St Dizier", "ST-DIZIER", " saint-dizier "]
)
def test_geocode_finds_saint_dizier(real_communes, query):
    place = geocode(query)

    assert place.commune.insee_code == "52448"
    assert place.label == "Saint-Dizier"
    assert math.isclose(place.point.latitude, 48.64, abs_tol=0.02)
    assert math.isclose(place.point.longitude, 4.95, abs_tol=0.02)


def test_geocode_accepts_st_abbreviation_for_saint(territory):
    assert geocode("St-Dizier").commune.insee_code == "52448"


def test_geocode_postcode_shared_by_several_communes_gives_the_most_populous(territory):
    assert geocode("52100").commune.insee_code == "52448"


def test_geocode_name_with_department_number(real_communes):
    assert geocode("Saint-Dizier 52").commune.insee_code == "52448"


def test_geocode_name_with_postcode(real_communes):
    assert geocode("52100 Chancenay").commune.insee_code == "52104"


def test_geocode_same_name_in_two_departments_gives_the_most_populous(db):
    CommuneFactory(insee_code="52001", name="Villeneuve", postcodes="52001", population=300)
    CommuneFactory(insee_code="04001", name="Villeneuve", postcodes="04001", population=4000)

    assert geocode("Villeneuve").commune.insee_code == "04001"
    assert geocode("Villeneuve 52").commune.insee_code == "52001"


@pytest.mark.parametrize(
    "query",
    ["Paris 11e", "paris XIe", "75011", "Paris 11", "paris 11ème", "Paris 11e arrondissement"],
)
def test_geocode_finds_the_paris_arrondissement(real_communes, query):
    place = geocode(query)

    assert place.commune.insee_code == "75111"
    assert place.commune.kind == CommuneKind.ARRONDISSEMENT


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("99999", "Le code postal 99999 n’existe pas."),
        ("xqzwv plonk", "Nous ne trouvons pas « xqzwv plonk »"),
        ("", "Indiquez un code postal ou le nom d’une commune."),
        ("   ", "Indiquez un code postal ou le nom d’une commune."),
        ("a" * 200, "Ce lieu est trop long"),
    ],
)
def test_geocode_explains_in_french_what_it_cannot_find(real_communes, query, message):
    with pytest.raises(GeocodingError) as error:
        geocode(query)

    assert str(error.value).startswith(message)


def test_geocode_of_none_asks_for_a_place(db):
    with pytest.raises(GeocodingError):
        geocode(None)  # type: ignore[arg-type]


def test_commune_at_gives_the_nearest_commune(real_communes):
    near_saint_dizier = Point(48.640, 4.950)

    assert commune_at(near_saint_dizier).insee_code == "52448"


def test_commune_at_a_commune_point_gives_that_commune(territory):
    assert commune_at(Point(48.67001, 4.98715)).insee_code == "52104"


def test_commune_at_far_from_every_commune_is_none(territory):
    assert commune_at(Point(43.3, 5.4)) is None


def test_commune_at_in_a_city_with_arrondissements_answers_with_the_nearest_one(db):
    lyon = CommuneFactory(insee_code="69123", name="Lyon", latitude=45.748, longitude=4.847)
    CommuneFactory(
        insee_code="69381",
        name="Lyon 1er Arrondissement",
        kind=CommuneKind.ARRONDISSEMENT,
        parent=lyon,
        latitude=45.7676,
        longitude=4.8345,
    )
    CommuneFactory(
        insee_code="69383",
        name="Lyon 3e Arrondissement",
        kind=CommuneKind.ARRONDISSEMENT,
        parent=lyon,
        latitude=45.7612,
        longitude=4.8518,
    )

    assert commune_at(Point(45.760, 4.853)).insee_code == "69383"


def test_commune_at_in_paris_answers_with_the_arrondissement_of_the_point(real_communes):
    place_de_la_bastille_side = Point(48.8590, 2.3800)  # in the 11th arrondissement

    assert commune_at(place_de_la_bastille_side).insee_code == "75111"
