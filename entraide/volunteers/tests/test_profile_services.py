"""save_volunteer_profile: what the profile page saves, all or nothing."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from entraide.accounts.models import Consent
from entraide.core.exceptions import ActionRefused
from entraide.volunteers import services
from entraide.volunteers.models import AvailabilityPeriod, VolunteerProfile

pytestmark = pytest.mark.django_db

AUGUST = ("away", date(2031, 8, 1), date(2031, 8, 15))


def test_save_volunteer_profile_saves_the_profile_the_consent_and_the_periods(
    volunteer, saint_dizier
):
    details = services.ProfileDetails(home_commune=saint_dizier, travel_km=15)

    saved = services.save_volunteer_profile(volunteer, details, discoverable=True, periods=[AUGUST])

    profile = VolunteerProfile.objects.get(person=volunteer)
    assert profile == saved
    assert (profile.home_commune, profile.travel_km, profile.discoverable) == (
        saint_dizier,
        15,
        True,
    )
    assert list(Consent.objects.values_list("person", "given")) == [(volunteer.pk, True)]
    assert list(profile.periods.values_list("kind", "starts_on", "ends_on")) == [AUGUST]


def test_save_volunteer_profile_again_replaces_the_periods_and_keeps_an_unchanged_consent(
    volunteer, saint_dizier
):
    details = services.ProfileDetails(home_commune=saint_dizier)
    services.save_volunteer_profile(volunteer, details, discoverable=True, periods=[AUGUST])
    september = ("available", date(2031, 9, 1), date(2031, 9, 30))

    services.save_volunteer_profile(volunteer, details, discoverable=True, periods=[september])

    assert VolunteerProfile.objects.count() == 1
    assert Consent.objects.count() == 1
    assert list(AvailabilityPeriod.objects.values_list("kind", "starts_on", "ends_on")) == [
        september
    ]


def test_a_refused_period_leaves_the_profile_and_the_consent_unsaved(volunteer, saint_dizier):
    backwards = ("away", date(2031, 8, 15), date(2031, 8, 1))

    with pytest.raises(ActionRefused):
        services.save_volunteer_profile(
            volunteer,
            services.ProfileDetails(home_commune=saint_dizier),
            discoverable=True,
            periods=[backwards],
        )

    assert not VolunteerProfile.objects.exists()
    assert not Consent.objects.exists()
    assert not AvailabilityPeriod.objects.exists()


def test_a_refused_profile_keeps_the_previous_one_whole(volunteer, saint_dizier):
    services.save_volunteer_profile(
        volunteer,
        services.ProfileDetails(home_commune=saint_dizier),
        discoverable=False,
        periods=[AUGUST],
    )

    with pytest.raises(ActionRefused) as refusal:
        services.save_volunteer_profile(
            volunteer,
            services.ProfileDetails(home_commune=saint_dizier, travel_km=500),
            discoverable=True,
            periods=[],
        )

    profile = VolunteerProfile.objects.get(person=volunteer)
    assert refusal.value.field == "travel_km"
    assert (profile.travel_km, profile.discoverable) == (10, False)
    assert not Consent.objects.exists()
    assert list(profile.periods.values_list("kind", "starts_on", "ends_on")) == [AUGUST]


def test_save_volunteer_profile_is_refused_to_anonymous_visitors(saint_dizier):
    with pytest.raises(PermissionDenied):
        services.save_volunteer_profile(
            AnonymousUser(),
            services.ProfileDetails(home_commune=saint_dizier),
            discoverable=True,
            periods=[],
        )

    assert not VolunteerProfile.objects.exists()
