import re

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.actions.services import cancel_action
from entraide.actions.tests.factories import make_action
from entraide.core.week import Period, bit
from entraide.messaging.models import Conversation
from entraide.organisations.enums import Interest, Role
from entraide.organisations.models import Membership
from entraide.organisations.tests.factories import make_organisation
from entraide.volunteers import proposals, services
from entraide.volunteers.models import Proposal

pytestmark = pytest.mark.django_db

SEARCH = "/organisations/les-jardins-partages/benevoles/"
SATURDAY_MORNING = bit(5, Period.MORNING)


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    return make_organisation(
        association_admin, saint_dizier, name="Les Jardins partagés", verified_by=staff
    )


def make_profile(person, commune, *, discoverable=True, **fields):
    profile = services.save_profile(person, services.ProfileDetails(home_commune=commune, **fields))
    return services.set_discoverable(person, profile, discoverable=discoverable)


def names_in(response):
    return re.findall(r"<h3>([^<]+)</h3>", response.content.decode())


def propose_url(profile, action=None):
    url = f"{SEARCH}{profile.pk}/contacter/"
    return f"{url}?action={action.pk}" if action else url


MESSAGE = {
    "subject": "Un coup de main au jardin ?",
    "body": "Bonjour, nous cherchons des bras samedi matin.",
}


# --- Who may search ------------------------------------------------------------------------


def test_search_asks_anonymous_people_to_log_in(client, organisation):
    response = client.get(SEARCH)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_search_is_forbidden_to_an_outsider(client, organisation, outsider):
    client.force_login(outsider)
    assert client.get(SEARCH).status_code == 403


def test_search_is_forbidden_to_a_plain_member(client, organisation, outsider):
    Membership.objects.create(organisation=organisation, person=outsider, role=Role.MEMBER)
    client.force_login(outsider)
    assert client.get(SEARCH).status_code == 403


def test_search_is_forbidden_to_the_admin_of_an_unverified_organisation(
    client, outsider, saint_dizier
):
    make_organisation(outsider, saint_dizier, name="En attente")
    client.force_login(outsider)
    assert client.get("/organisations/en-attente/benevoles/").status_code == 403


def test_contacting_is_forbidden_to_an_outsider(
    client, organisation, outsider, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    client.force_login(outsider)
    assert client.get(propose_url(profile)).status_code == 403
    assert client.post(propose_url(profile), MESSAGE).status_code == 403
    assert not Proposal.objects.exists()


def test_a_profile_that_is_not_discoverable_cannot_be_contacted(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier, discoverable=False)
    client.force_login(association_admin)
    assert client.get(propose_url(profile)).status_code == 404


# --- What the search shows -----------------------------------------------------------------


def test_search_finds_volunteers_free_on_saturday_morning_within_10_km(
    client, organisation, association_admin, volunteer, outsider, saint_dizier
):
    make_profile(volunteer, saint_dizier, week_mask=SATURDAY_MORNING | bit(1, Period.EVENING))
    make_profile(outsider, saint_dizier, week_mask=bit(1, Period.EVENING))
    make_profile(
        UserFactory(first_name="Zoé"), saint_dizier, week_mask=SATURDAY_MORNING, discoverable=False
    )
    client.force_login(association_admin)

    response = client.get(SEARCH, {"when": "5-0", "radius": "10"})

    assert names_in(response) == [volunteer.public_name]
    assert "Disponible : samedi matin</p>" in response.content.decode()


def test_results_show_public_fields_and_never_contact_details(
    client, organisation, association_admin, volunteer, saint_dizier
):
    volunteer.phone = "06 12 34 56 78"
    volunteer.street_address = "12 rue des Lilas"
    volunteer.save()
    make_profile(
        volunteer, saint_dizier, interests=(Interest.ENVIRONMENT,), presentation="Jardinière"
    )
    client.force_login(association_admin)

    page = client.get(SEARCH).content.decode()

    assert volunteer.public_name in page
    assert "Saint-Dizier" in page
    assert "Environnement" in page
    assert "camille@example.org" not in page
    assert "06 12 34 56 78" not in page
    assert "rue des Lilas" not in page


def test_search_by_interest_skill_and_words(
    client, organisation, association_admin, volunteer, outsider, saint_dizier
):
    make_profile(
        volunteer,
        saint_dizier,
        interests=(Interest.ENVIRONMENT,),
        skills=(9,),
        presentation="J’adore les potagers",
    )
    make_profile(outsider, saint_dizier, interests=(Interest.SPORT,), presentation="Football")
    client.force_login(association_admin)

    assert names_in(client.get(SEARCH, {"interest": Interest.ENVIRONMENT.value})) == [
        volunteer.public_name
    ]
    assert names_in(client.get(SEARCH, {"skill": "9"})) == [volunteer.public_name]
    assert names_in(client.get(SEARCH, {"q": "potager"})) == [volunteer.public_name]


def test_search_around_a_typed_commune(
    client, organisation, association_admin, volunteer, saint_dizier, territory
):
    chancenay = territory.communes.get(insee_code="52104")
    make_profile(volunteer, chancenay, travel_km=3)
    client.force_login(association_admin)

    # Saint-Dizier is 4.6 km away: beyond the 3 km Camille travels; Chancenay itself is not.
    assert names_in(client.get(SEARCH)) == []
    assert names_in(client.get(SEARCH, {"near": "Chancenay", "radius": "2"})) == [
        volunteer.public_name
    ]


def test_search_leaves_out_people_away_on_the_dates(
    client, organisation, association_admin, volunteer, saint_dizier
):
    from datetime import date

    profile = make_profile(volunteer, saint_dizier)
    services.set_periods(volunteer, profile, [("away", date(2031, 8, 1), date(2031, 8, 15))])
    client.force_login(association_admin)

    assert (
        names_in(client.get(SEARCH, {"available_from": "2031-08-10", "available_to": "2031-08-12"}))
        == []
    )
    assert names_in(client.get(SEARCH, {"available_from": "2031-09-01"})) == [volunteer.public_name]


@pytest.mark.parametrize(
    "query",
    [{"near": "99999"}, {"radius": "abc"}, {"when": "8-8"}, {"available_from": "hier"},
     {"available_from": "2031-08-12", "available_to": "2031-08-01"}, {"interest": "99"}],
)  # fmt: skip
def test_bad_filters_give_a_message_not_an_error_page(
    client, organisation, association_admin, query
):
    client.force_login(association_admin)
    response = client.get(SEARCH, query)
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_search_query_count_is_the_same_at_1_and_3_results(
    client, organisation, association_admin, saint_dizier, list_queries
):
    make_action(association_admin, organisation)  # the "Proposer une action" select is filled
    client.force_login(association_admin)

    def listed_with_queries(count):
        while len(names_in(client.get(SEARCH))) < count:
            make_profile(
                UserFactory(), saint_dizier, interests=(Interest.ENVIRONMENT,), skills=(1, 2)
            )
        return list_queries(
            lambda: client.get(SEARCH), items=lambda r: len(names_in(r)), expected=count
        )

    assert listed_with_queries(1) == listed_with_queries(3)


# --- Contacting and proposing --------------------------------------------------------------


def test_contacting_records_a_proposal_and_opens_the_conversation(
    client,
    organisation,
    association_admin,
    volunteer,
    saint_dizier,
    django_capture_on_commit_callbacks,
):
    profile = make_profile(volunteer, saint_dizier)
    client.force_login(association_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(propose_url(profile), MESSAGE)

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/messages/{conversation.pk}/"
    assert (conversation.organisation, conversation.person, conversation.subject) == (
        organisation, volunteer, MESSAGE["subject"],
    )  # fmt: skip
    assert list(Proposal.objects.values_list("profile", "organisation", "action")) == [
        (profile.pk, organisation.pk, None)
    ]


def test_contacting_names_the_volunteer_without_a_double_full_stop(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    client.force_login(association_admin)

    response = client.post(propose_url(profile), MESSAGE, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Votre message est envoyé à Camille D. : sa réponse arrivera ici."
    ]


def test_proposing_an_action_preselects_it_and_attaches_it(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    action = make_action(association_admin, organisation, title="Chantier du samedi")
    client.force_login(association_admin)

    form = client.get(propose_url(profile, action)).content.decode()
    client.post(propose_url(profile), {**MESSAGE, "action": action.pk})

    assert f'<option value="{action.pk}" selected>Chantier du samedi</option>' in form
    assert 'value="Chantier du samedi"' in form  # the subject starts as the action's title
    assert Conversation.objects.get().action == action
    assert Proposal.objects.get().action == action


def test_the_search_offers_only_upcoming_published_actions(
    client, organisation, association_admin, volunteer, saint_dizier
):
    make_profile(volunteer, saint_dizier)
    make_action(association_admin, organisation, title="Publiée")
    make_action(association_admin, organisation, title="Brouillon", publish=False)
    cancel_action(
        association_admin,
        make_action(association_admin, organisation, title="Annulée"),
        reason="Météo",
    )
    client.force_login(association_admin)

    page = client.get(SEARCH).content.decode()

    select = re.search(r'<select name="action".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == ["Publiée"]


def test_a_page_number_that_is_not_one_shows_the_first_page(
    client, organisation, association_admin
):
    client.force_login(association_admin)
    assert client.get(SEARCH, {"page": "zz"}).status_code == 200


def test_the_same_action_cannot_be_proposed_twice(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    action = make_action(association_admin, organisation)
    client.force_login(association_admin)
    client.post(propose_url(profile), {**MESSAGE, "action": action.pk})

    response = client.post(propose_url(profile), {**MESSAGE, "action": action.pk})

    assert response.status_code == 200
    assert "Vous avez déjà proposé cette action à cette personne." in response.content.decode()
    assert (Proposal.objects.count(), Conversation.objects.count()) == (1, 1)


def test_beyond_the_monthly_limit_the_volunteer_is_refused_with_a_message(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier, monthly_proposals=1)
    client.force_login(association_admin)
    client.post(propose_url(profile), MESSAGE)
    action = make_action(association_admin, organisation)

    response = client.post(propose_url(profile), {**MESSAGE, "action": action.pk})

    assert "Cette personne a reçu assez de propositions ce mois-ci." in response.content.decode()
    assert (Proposal.objects.count(), Conversation.objects.count()) == (1, 1)
    assert names_in(client.get(SEARCH)) == []


def test_a_refused_message_records_no_proposal(
    client, organisation, association_admin, volunteer, saint_dizier
):
    profile = make_profile(volunteer, saint_dizier)
    client.force_login(association_admin)

    response = client.post(propose_url(profile), {"subject": "Bonjour", "body": "Trop court"[:5]})

    assert response.status_code == 200
    assert (Proposal.objects.count(), Conversation.objects.count()) == (0, 0)


def test_an_organisation_contacts_at_most_20_volunteers_a_day(
    client, organisation, association_admin, volunteer, saint_dizier
):
    for _ in range(proposals.PROPOSALS_PER_DAY):
        services.record_proposal(
            association_admin, organisation, make_profile(UserFactory(), saint_dizier)
        )
    profile = make_profile(volunteer, saint_dizier)
    client.force_login(association_admin)

    response = client.post(propose_url(profile), MESSAGE)

    assert response.status_code == 200
    assert (
        "Votre organisation a déjà contacté 20 bénévoles au cours des dernières 24 heures."
        in response.content.decode()
    )
    assert Proposal.objects.filter(profile=profile).count() == 0
    assert Conversation.objects.count() == 0


def test_proposals_older_than_a_day_do_not_count_against_the_daily_limit(
    organisation, association_admin, saint_dizier
):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(proposals.PROPOSALS_PER_DAY):
        services.record_proposal(
            association_admin, organisation, make_profile(UserFactory(), saint_dizier)
        )
    Proposal.objects.update(created_at=timezone.now() - timedelta(hours=25))

    proposals.ensure_under_daily_limit(organisation)  # does not raise
    assert proposals.proposals_sent_today(organisation) == 0
