from datetime import date

import pytest
from django.utils import timezone

from entraide.accounts.models import Consent
from entraide.actions.enums import Skill
from entraide.actions.tests.factories import make_action
from entraide.core.geo import Point
from entraide.core.week import Period, bit
from entraide.organisations.enums import Interest
from entraide.volunteers import selectors, services
from entraide.volunteers.models import AvailabilityPeriod, VolunteerProfile

pytestmark = pytest.mark.django_db

PROFILE = "/benevolat/profil/"
FOR_ME = "/benevolat/actions-pour-moi/"


def profile_data(**overrides):
    data = {
        "interests": [Interest.ENVIRONMENT.value, Interest.SOLIDARITY.value],
        "skills": [Skill.GARDENING.value],
        "when": ["1-2", "5-0"],
        "place": "52100",
        "travel_km": "15",
        "presentation": "J’aime **jardiner** <script>alert(1)</script>",
        "monthly_proposals": "4",
        "discoverable": "on",
        "periods-TOTAL_FORMS": "2",
        "periods-INITIAL_FORMS": "0",
        "periods-MIN_NUM_FORMS": "0",
        "periods-MAX_NUM_FORMS": "20",
        "periods-0-kind": "away",
        "periods-0-starts_on": "2031-08-01",
        "periods-0-ends_on": "2031-08-15",
        "periods-1-kind": "",
        "periods-1-starts_on": "",
        "periods-1-ends_on": "",
    }
    data.update(overrides)
    return data


def test_profile_form_saves_every_part(client, volunteer, saint_dizier):
    client.force_login(volunteer)

    response = client.post(PROFILE, profile_data())

    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(person=volunteer)
    assert profile.interest_list == [Interest.SOLIDARITY, Interest.ENVIRONMENT]
    assert profile.skill_list == [Skill.GARDENING]
    assert profile.week_mask == bit(1, Period.EVENING) | bit(5, Period.MORNING)
    assert profile.home_commune == saint_dizier
    assert (profile.travel_km, profile.monthly_proposals) == (15, 4)
    assert profile.discoverable is True
    assert list(profile.periods.values_list("kind", "starts_on", "ends_on")) == [
        ("away", date(2031, 8, 1), date(2031, 8, 15))
    ]


def test_the_grid_gives_the_week_mask_and_shows_it_back(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post(PROFILE, profile_data(when=["0-0", "6-2"]))

    page = client.get(PROFILE).content.decode()

    assert VolunteerProfile.objects.get(person=volunteer).week_mask == bit(0, 0) | bit(6, 2)
    assert 'value="0-0" id="id_when_0_0" checked' in page
    assert 'value="6-2" id="id_when_6_2" checked' in page
    assert 'value="1-2" id="id_when_1_2">' in page
    assert "mardi soir" in page  # each box's accessible label


def test_a_forged_grid_value_is_an_error_and_nothing_is_saved(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    response = client.post(PROFILE, profile_data(when=["9-9"]))
    assert response.status_code == 200
    assert "Cette case de disponibilité n’existe pas." in response.content.decode()
    assert not VolunteerProfile.objects.exists()


def test_unknown_commune_shows_its_error_next_to_the_field_and_saves_nothing(
    client, volunteer, saint_dizier
):
    client.force_login(volunteer)

    response = client.post(PROFILE, profile_data(place="99999"))

    assert response.status_code == 200
    assert '<p class="error" id="id_place_error">Le code postal 99999 n’existe pas.</p>' in (
        response.content.decode()
    )
    assert not VolunteerProfile.objects.exists()
    assert not Consent.objects.exists()
    assert not AvailabilityPeriod.objects.exists()


def test_a_period_ending_before_it_starts_saves_nothing(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    response = client.post(
        PROFILE,
        profile_data(**{"periods-0-starts_on": "2031-08-15", "periods-0-ends_on": "2031-08-01"}),
    )
    assert "La période doit finir le jour de son début ou après." in response.content.decode()
    assert "La période finit après son début." not in response.content.decode()
    assert not VolunteerProfile.objects.exists()


def test_a_refusal_of_the_service_rolls_everything_back(
    client, volunteer, saint_dizier, monkeypatch
):
    from entraide.core.exceptions import ActionRefused

    def refuse(*args, **kwargs):
        raise ActionRefused("Période refusée.")

    monkeypatch.setattr(services, "set_periods", refuse)
    client.force_login(volunteer)

    response = client.post(PROFILE, profile_data())

    assert "Période refusée." in response.content.decode()
    assert not VolunteerProfile.objects.exists()
    assert not Consent.objects.exists()


def test_switching_on_records_the_consent_and_shows_since_when(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post(PROFILE, profile_data())

    consent = Consent.objects.get(person=volunteer)
    profile = VolunteerProfile.objects.get(person=volunteer)
    page = client.get(PROFILE).content.decode()

    assert (consent.kind, consent.given) == ("volunteer_discoverable", True)
    assert profile.discoverable_changed_at is not None
    # The day where the person lives (Paris), not in UTC: they differ around midnight.
    since = timezone.localtime(profile.discoverable_changed_at)
    assert f"Activé depuis le {since:%d/%m/%Y}" in page


def test_switching_off_records_a_withdrawn_consent(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post(PROFILE, profile_data())
    data = profile_data()
    del data["discoverable"]

    client.post(PROFILE, data)

    assert list(Consent.objects.filter(person=volunteer).values_list("given", flat=True)) == [
        True,
        False,
    ]
    assert VolunteerProfile.objects.get(person=volunteer).discoverable is False


def test_the_switch_is_off_until_ticked_and_such_a_profile_is_not_found(
    client, volunteer, saint_dizier, association_admin, staff
):
    from entraide.organisations.tests.factories import make_organisation

    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    client.force_login(volunteer)
    assert (
        'name="discoverable" id="id_discoverable" checked'
        not in client.get(PROFILE).content.decode()
    )
    data = profile_data()
    del data["discoverable"]

    client.post(PROFILE, data)

    search = selectors.VolunteerSearch(centre=Point(saint_dizier.latitude, saint_dizier.longitude))
    assert VolunteerProfile.objects.get(person=volunteer).discoverable is False
    assert list(selectors.search_volunteers(organisation, search)) == []
    assert not Consent.objects.exists()


def test_presentation_is_shown_as_sanitised_markdown(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post(PROFILE, profile_data())
    page = client.get(PROFILE).content.decode()
    assert "<strong>jardiner</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_adding_a_period_row_keeps_what_was_typed_and_saves_nothing(
    client, volunteer, saint_dizier
):
    client.force_login(volunteer)

    response = client.post(PROFILE, profile_data(add_period="1"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="periods-TOTAL_FORMS" value="3"' in page
    assert 'value="2031-08-01"' in page
    assert not VolunteerProfile.objects.exists()


def test_a_period_is_removed_with_its_box(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    client.post(PROFILE, profile_data())
    data = profile_data(**{"periods-INITIAL_FORMS": "1", "periods-0-DELETE": "on"})

    client.post(PROFILE, data)

    assert not AvailabilityPeriod.objects.exists()


def test_profile_form_refuses_an_absurd_distance(client, volunteer, saint_dizier):
    client.force_login(volunteer)
    response = client.post(PROFILE, profile_data(travel_km="500", monthly_proposals="31"))
    assert response.status_code == 200
    assert not VolunteerProfile.objects.exists()


def test_profile_form_is_for_logged_in_people_only(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


# --- Actions for me ------------------------------------------------------------------------


def test_actions_for_me_invites_to_fill_the_profile_first(client, volunteer):
    client.force_login(volunteer)
    response = client.get(FOR_ME)
    assert "Remplissez votre profil bénévole" in response.content.decode()


def test_actions_for_me_lists_actions_with_their_reasons_and_link(
    client, volunteer, saint_dizier, association_admin, staff
):
    from entraide.organisations.tests.factories import make_organisation

    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    services.save_profile(
        volunteer,
        services.ProfileDetails(home_commune=saint_dizier, interests=(Interest.ENVIRONMENT,)),
    )
    action = make_action(association_admin, organisation, title="Jardin")
    client.force_login(volunteer)

    page = client.get(FOR_ME).content.decode()

    assert f'<a href="/actions/{action.pk}/">Jardin</a>' in page
    assert "tout près · environnement" in page


def test_actions_for_me_is_for_logged_in_people_only(client):
    assert client.get(FOR_ME).status_code == 302


def test_actions_for_me_query_count_is_the_same_at_1_and_3_actions(
    client, volunteer, saint_dizier, association_admin, staff, list_queries
):
    from entraide.organisations.tests.factories import make_organisation

    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    services.save_profile(volunteer, services.ProfileDetails(home_commune=saint_dizier))
    client.force_login(volunteer)

    def listed_with_queries(count):
        while organisation.actions.count() < count:
            make_action(association_admin, organisation, title="Action")
        return list_queries(
            lambda: client.get(FOR_ME),
            items=lambda r: r.content.decode().count('class="card"'),
            expected=count,
        )

    assert listed_with_queries(1) == listed_with_queries(3)
