import random

import pytest

from entraide.accounts.models import Consent
from entraide.accounts.tests.factories import UserFactory
from entraide.actions.tests.factories import make_action
from entraide.core.exceptions import ActionRefused
from entraide.core.geo import Point
from entraide.core.text import normalise, search_document
from entraide.core.week import Period, bit
from entraide.organisations.enums import Interest
from entraide.organisations.tests.factories import make_organisation
from entraide.volunteers import selectors, services
from entraide.volunteers.models import SEARCH_DOCUMENT_LIMIT

pytestmark = pytest.mark.django_db

SATURDAY_MORNING = bit(5, Period.MORNING)
TUESDAY_EVENING = bit(1, Period.EVENING)


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    return make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )


def make_profile(person, commune, *, discoverable=True, **fields):
    profile = services.save_profile(person, services.ProfileDetails(home_commune=commune, **fields))
    return services.set_discoverable(person, profile, discoverable=discoverable)


def test_switching_discoverable_on_records_a_dated_consent(volunteer, saint_dizier):
    make_profile(volunteer, saint_dizier)
    consent = Consent.objects.get(person=volunteer)
    assert (consent.kind, consent.given) == ("volunteer_discoverable", True)


def test_search_finds_opted_in_volunteers_free_on_saturday_morning_within_radius(
    organisation, volunteer, outsider, saint_dizier
):
    make_profile(
        volunteer, saint_dizier, week_mask=SATURDAY_MORNING, interests=(Interest.ENVIRONMENT,)
    )
    make_profile(outsider, saint_dizier, week_mask=TUESDAY_EVENING)
    make_profile(UserFactory(), saint_dizier, week_mask=SATURDAY_MORNING, discoverable=False)

    found = selectors.search_volunteers(
        organisation,
        selectors.VolunteerSearch(
            centre=Point(saint_dizier.latitude, saint_dizier.longitude),
            radius_km=10,
            week_mask=SATURDAY_MORNING,
        ),
    )

    assert [profile.person for profile in found] == [volunteer]


def test_a_volunteer_asked_enough_this_month_leaves_the_results(
    organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier, monthly_proposals=1)
    services.record_proposal(association_admin, organisation, profile)
    search = selectors.VolunteerSearch(centre=Point(saint_dizier.latitude, saint_dizier.longitude))

    assert list(selectors.search_volunteers(organisation, search)) == []
    with pytest.raises(ActionRefused):
        services.record_proposal(association_admin, organisation, profile)


def test_the_same_action_cannot_be_proposed_twice(
    organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    action = make_action(association_admin, organisation)
    services.record_proposal(association_admin, organisation, profile, action=action)
    with pytest.raises(ActionRefused, match="déjà proposé"):
        services.record_proposal(association_admin, organisation, profile, action=action)


def test_people_asked_least_recently_come_first(
    organisation, association_admin, volunteer, outsider, saint_dizier
):
    asked = make_profile(volunteer, saint_dizier)
    never_asked = make_profile(outsider, saint_dizier)
    services.record_proposal(association_admin, organisation, asked)
    search = selectors.VolunteerSearch(centre=Point(saint_dizier.latitude, saint_dizier.longitude))
    assert list(selectors.search_volunteers(organisation, search)) == [never_asked, asked]


def test_actions_for_me_ranks_with_reasons(
    organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier, interests=(Interest.ENVIRONMENT,))
    make_action(association_admin, organisation, interests=(Interest.ENVIRONMENT,), title="Jardin")
    make_action(association_admin, organisation, interests=(Interest.SPORT,), title="Football")

    suggestions = selectors.actions_for_me(profile)

    assert [s.slot.action.title for s in suggestions] == ["Jardin", "Football"]
    assert suggestions[0].reasons[:2] == ["tout près", "environnement"]


def test_a_deactivated_account_is_no_longer_found_nor_found_again_on_return(
    organisation, volunteer, saint_dizier
):
    make_profile(volunteer, saint_dizier)
    search = selectors.VolunteerSearch(
        centre=Point(saint_dizier.latitude, saint_dizier.longitude), radius_km=10
    )
    assert [p.pk for p in selectors.search_volunteers(organisation, search)] != []

    volunteer.is_active = False
    volunteer.save()
    assert list(selectors.search_volunteers(organisation, search)) == []

    volunteer.is_active = True
    volunteer.save()
    assert list(selectors.search_volunteers(organisation, search)) == []  # their own choice again


def test_accounts_deactivated_before_the_upgrade_are_hidden_by_the_migration(
    organisation, volunteer, saint_dizier
):
    import importlib

    from django.apps import apps

    from entraide.accounts.models import User

    make_profile(volunteer, saint_dizier)
    User.objects.filter(pk=volunteer.pk).update(is_active=False)  # no signal, as before
    migration = importlib.import_module(
        "entraide.volunteers.migrations.0004_hide_deactivated_volunteers"
    )
    migration.hide_deactivated(apps, None)
    search = selectors.VolunteerSearch(
        centre=Point(saint_dizier.latitude, saint_dizier.longitude), radius_km=10
    )
    assert list(selectors.search_volunteers(organisation, search)) == []


def test_actions_for_me_with_no_travel_distance_still_answers(
    organisation, association_admin, volunteer, saint_dizier
):
    make_action(association_admin, organisation, title="Chantier au jardin partagé")
    profile = make_profile(volunteer, saint_dizier)
    type(profile).objects.filter(pk=profile.pk).update(travel_km=0)  # as the admin may save it
    profile.refresh_from_db()
    suggestions = selectors.actions_for_me(profile)
    assert [s.slot.action.title for s in suggestions] == ["Chantier au jardin partagé"]
    assert suggestions[0].reasons[0] == "tout près"


def test_a_presentation_that_unfolds_into_more_letters_than_it_has_is_saved_and_found(
    organisation, volunteer, saint_dizier
):
    """The words are in the search's index entry (docs/decisions/0016), which PostgreSQL limits
    to 2,704 bytes. A presentation within its 2,000 characters may unfold into more letters
    ("Ⅷ" is "viii", "Ǆ" is "dz"): the profile is still saved, and found by its first words."""
    unfolding = [
        char for code in range(0x80, 0x3400)
        if len(normalise(char := chr(code))) >= 2 and normalise(char).isalnum()
    ]  # fmt: skip
    rng = random.Random(7)
    presentation = " ".join("".join(rng.choices(unfolding, k=12)) for _ in range(160))[:2000]
    assert len(search_document(presentation)) > 3500

    profile = make_profile(volunteer, saint_dizier, presentation=presentation)

    assert len(profile.search_document) <= SEARCH_DOCUMENT_LIMIT
    first_word = profile.search_document.split()[0]
    found = selectors.search_volunteers(
        organisation,
        selectors.VolunteerSearch(
            centre=Point(saint_dizier.latitude, saint_dizier.longitude), words=first_word
        ),
    )
    assert [profile.person for profile in found] == [volunteer]
