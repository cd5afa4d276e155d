"""Which actions a word finds, and « pertinence »: the agenda's order by how well the title and
the description hold the words, on a small corpus written for it."""

from datetime import timedelta

import pytest

from entraide.actions import agenda
from entraide.actions.tests.factories import make_action
from entraide.actions.tests.test_views_agenda import titles_in
from entraide.core.text import query_terms, relevance

pytestmark = pytest.mark.django_db

API = "/api/v1/actions"
AGENDA = "/saint-dizier/agenda/"

# Soonest first: the date order is the reverse of the relevance order.
SOWING = [
    ("Potager du quartier", "On sème les radis au fond du jardin."),  # a stem, in the description
    ("Jardin partagé", "Semis de tomates et de courges."),  # the word, in the description
    ("Semer ensemble", "Des semis pour tout le monde."),  # a stem in the title, the word below
    ("Atelier semis de printemps", "Venez planter avec nous."),  # the word, in the title
]
BY_RELEVANCE = [title for title, _ in reversed(SOWING)]


@pytest.fixture
def sowing(association_admin, organisation):
    for days, (title, description) in enumerate(SOWING, start=2):
        make_action(
            association_admin,
            organisation,
            title=title,
            description=description,
            starts_in=timedelta(days=days),
        )
    make_action(
        association_admin,
        organisation,
        title="Réunion de la semaine",
        description="Le point sur la semaine.",
        starts_in=timedelta(days=1),
    )


def found(words: str, **search) -> list[str]:
    results = agenda.AgendaResults(agenda.AgendaSearch(words=words, **search))
    return [slot.action.title for slot in results[0:20]]


def test_semis_finds_the_sowing_and_not_the_week(sowing):
    # "semis" stems to "sem", which starts "semaine": a stem is matched as a word, not a start.
    assert "Réunion de la semaine" not in found("semis")
    assert sorted(found("semis")) == sorted(BY_RELEVANCE)
    assert found("semaine") == ["Réunion de la semaine"]


def test_a_word_still_being_typed_finds_the_words_it_starts(sowing):
    assert found("print") == ["Atelier semis de printemps"]
    assert found("reunio") == ["Réunion de la semaine"]


def test_relevance_puts_words_of_the_title_first_and_exact_words_before_stems(sowing):
    assert found("semis") == list(reversed(BY_RELEVANCE))  # soonest first by default

    assert found("semis", order="relevance") == BY_RELEVANCE


def test_relevance_keeps_the_date_order_between_equally_relevant_actions(
    association_admin, organisation
):
    for days in (3, 1, 2):
        make_action(
            association_admin,
            organisation,
            title=f"Maraude {days}",
            description="Une maraude.",
            starts_in=timedelta(days=days),
        )

    assert found("maraude", order="relevance") == ["Maraude 1", "Maraude 2", "Maraude 3"]


def test_relevance_ranks_the_soonest_matches_of_a_long_list(sowing):
    """Past the thousand matches read, relevance ranks the soonest of them (the same read as
    the date order): here the three soonest."""
    search = agenda.AgendaSearch(words="semis", order="relevance")
    results = agenda.AgendaResults(search, dense_above=2)

    assert [slot.action.title for slot in results[0:3]] == [
        "Semer ensemble",
        "Jardin partagé",
        "Potager du quartier",
    ]


def test_relevance_scores_title_words_above_any_description_word():
    terms = query_terms("semis")

    title_stem = relevance(terms, "Semer ensemble", "")
    description_exact = relevance(terms, "Jardin", "Semis de tomates")
    description_stem = relevance(terms, "Jardin", "On sème")

    assert relevance(terms, "Atelier semis", "") > title_stem > description_exact
    assert description_exact > description_stem > relevance(terms, "Jardin", "Tomates") == 0


def test_the_agenda_form_offers_relevance_and_orders_by_it(client, sowing):
    response = client.get(AGENDA, {"q": "semis", "order": "relevance"})

    assert titles_in(response) == BY_RELEVANCE
    assert 'value="relevance" selected' in response.content.decode()


def test_the_agenda_without_words_orders_relevance_by_date(client, sowing):
    response = client.get(AGENDA, {"order": "relevance"})

    assert titles_in(response)[0] == "Réunion de la semaine"


def test_the_api_orders_by_relevance(client, sowing):
    response = client.get(API, {"q": "semis", "order": "relevance"})

    assert [item["title"] for item in response.json()["items"]] == BY_RELEVANCE


def test_the_api_refuses_relevance_without_words(client, sowing):
    response = client.get(API, {"order": "relevance"})

    assert response.status_code == 400
    assert "pertinence demande des mots" in response.json()["detail"]
