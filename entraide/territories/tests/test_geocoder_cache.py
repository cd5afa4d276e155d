"""Places found are kept: every question with a place asks the geocoder, the communes change
only when `load_communes` runs."""

import pytest

from entraide.territories.geocoder import GeocodingError, forget_places, geocode
from entraide.territories.models import Commune
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_a_place_asked_again_costs_no_query(django_assert_num_queries):
    CommuneFactory(insee_code="52448", name="Saint-Dizier", postcodes="52100")
    first = geocode("52100")

    with django_assert_num_queries(0):
        again = geocode("52100")

    assert (again.commune.pk, again.point) == (first.commune.pk, first.point)


def test_an_unknown_place_is_not_kept_so_it_is_found_once_loaded():
    with pytest.raises(GeocodingError):
        geocode("52100")
    CommuneFactory(insee_code="52448", name="Saint-Dizier", postcodes="52100")

    assert geocode("52100").commune.pk == "52448"


def test_reloaded_communes_are_found_anew():
    CommuneFactory(insee_code="52448", name="Saint-Dizier", postcodes="52100", latitude=48.6)
    geocode("Saint-Dizier")
    Commune.objects.filter(pk="52448").update(latitude=48.7)

    forget_places()

    assert geocode("Saint-Dizier").point.latitude == 48.7
