import math

from entraide.core.geo import (
    KM_PER_DEGREE_LATITUDE,
    Point,
    bounding_box,
    distance_km,
    longitude_scale,
    within_radius,
)
from entraide.territories.models import Commune
from entraide.territories.tests.factories import CommuneFactory

SAINT_DIZIER = Point(48.63773, 4.94892)


def point_north_of(origin: Point, km: float) -> Point:
    return Point(origin.latitude + km / KM_PER_DEGREE_LATITUDE, origin.longitude)


def point_east_of(origin: Point, km: float) -> Point:
    return Point(origin.latitude, origin.longitude + km / longitude_scale(origin.latitude))


def test_distance_km_from_a_point_to_itself_is_zero():
    assert distance_km(SAINT_DIZIER, SAINT_DIZIER) == 0


def test_distance_km_saint_dizier_to_paris_is_about_194_km():
    paris = Point(48.85341, 2.3488)

    assert math.isclose(distance_km(SAINT_DIZIER, paris), 193.5, abs_tol=1.5)


def test_distance_km_is_symmetric():
    other = Point(43.29695, 5.38107)

    assert distance_km(SAINT_DIZIER, other) == distance_km(other, SAINT_DIZIER)


def test_bounding_box_holds_every_point_at_the_radius():
    box = bounding_box(SAINT_DIZIER, 10)

    for point in (
        point_north_of(SAINT_DIZIER, 10),
        point_north_of(SAINT_DIZIER, -10),
        point_east_of(SAINT_DIZIER, 9.99),
        point_east_of(SAINT_DIZIER, -9.99),
    ):
        assert box.min_latitude <= point.latitude <= box.max_latitude
        assert box.min_longitude <= point.longitude <= box.max_longitude


def test_bounding_box_is_wider_in_degrees_of_longitude_than_of_latitude_in_france():
    box = bounding_box(SAINT_DIZIER, 10)

    assert (box.max_longitude - box.min_longitude) > (box.max_latitude - box.min_latitude)


def test_within_radius_keeps_a_point_10_km_away_in_15_km_and_drops_it_from_5_km(db):
    CommuneFactory(insee_code="00001", **vars(point_east_of(SAINT_DIZIER, 10)))

    assert within_radius(Commune.objects.all(), SAINT_DIZIER, 15).count() == 1
    assert within_radius(Commune.objects.all(), SAINT_DIZIER, 5).count() == 0


def test_within_radius_drops_the_corners_of_the_bounding_box(db):
    # 9 km north and 9 km east: inside the 10 km box, 12.7 km away.
    corner = point_east_of(point_north_of(SAINT_DIZIER, 9), 9)
    CommuneFactory(insee_code="00001", **vars(corner))

    assert within_radius(Commune.objects.all(), SAINT_DIZIER, 10).count() == 0
    assert within_radius(Commune.objects.all(), SAINT_DIZIER, 13).count() == 1


def test_within_radius_orders_by_distance_sq(db):
    far = CommuneFactory(insee_code="00003", **vars(point_north_of(SAINT_DIZIER, 12)))
    near = CommuneFactory(insee_code="00001", **vars(point_east_of(SAINT_DIZIER, 2)))
    middle = CommuneFactory(insee_code="00002", **vars(point_north_of(SAINT_DIZIER, -7)))

    found = list(within_radius(Commune.objects.all(), SAINT_DIZIER, 20).order_by("distance_sq"))

    assert found == [near, middle, far]
    assert math.isclose(found[0].distance_sq, 4, rel_tol=0.01)
    assert math.isclose(found[2].distance_sq, 144, rel_tol=0.01)


def test_within_radius_follows_a_prefix_through_a_relation(volunteer, db):
    from entraide.accounts.models import User

    volunteer.home_commune = CommuneFactory(
        insee_code="00001", **vars(point_east_of(SAINT_DIZIER, 3))
    )
    volunteer.save(update_fields=["home_commune"])

    found = within_radius(User.objects.all(), SAINT_DIZIER, 5, prefix="home_commune__")

    assert list(found) == [volunteer]
