"""The agenda's word search follows what organisers write, whichever way an action is written:
on PostgreSQL through the (word, action) table its triggers keep, on SQLite through FTS5."""

import pytest
from django.db import connection

from entraide.actions import agenda, services
from entraide.actions.agenda import words
from entraide.actions.models import Action, ActionWord, Slot
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.geo import Point
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def found_titles(words: str) -> set[str]:
    search = agenda.AgendaSearch(words=words)
    return {slot.action.title for slot in agenda.AgendaResults(search)[0:50]}


def found_near(words: str, centre: Point, radius_km: float = 10) -> set[str]:
    search = agenda.AgendaSearch(words=words, centre=centre, radius_km=radius_km)
    return {slot.action.title for slot in agenda.AgendaResults(search)[0:50]}


SAINT_DIZIER = Point(48.63773, 4.94892)
CHAUMONT = Point(48.11124, 5.13917)  # 60 km south


def details_of(action: Action, **changes) -> services.ActionDetails:
    details = dict(
        kind=action.kind, title=action.title, description=action.description,
        commune=action.commune, interests=tuple(i.value for i in action.interest_list),
    )  # fmt: skip
    return services.ActionDetails(**{**details, **changes})


def test_a_new_word_in_a_title_is_found_and_the_old_one_no_longer(association_admin, organisation):
    action = make_action(association_admin, organisation, title="Maraude du mardi")
    assert found_titles("maraudes") == {"Maraude du mardi"}
    services.update_action(association_admin, action, details_of(action, title="Tricot du mardi"))
    assert found_titles("maraude") == set()
    assert found_titles("tricoter") == {"Tricot du mardi"}
    assert found_titles("mardi") == {"Tricot du mardi"}


def test_every_word_must_be_held_and_a_word_start_is_enough(association_admin, organisation):
    make_action(association_admin, organisation, title="Distribution alimentaire solidaire")
    make_action(association_admin, organisation, title="Distribution de livres")
    assert found_titles("distrib alimentaire") == {"Distribution alimentaire solidaire"}
    assert found_titles("distribution") == {
        "Distribution alimentaire solidaire",
        "Distribution de livres",
    }
    assert found_titles("istribution") == set()  # the start of a word, not its middle


def test_characters_of_a_like_pattern_are_plain_letters(association_admin, organisation):
    make_action(association_admin, organisation, title="Atelier réparation")
    assert found_titles("atel%") == {"Atelier réparation"}  # the % is dropped, not a wildcard
    assert found_titles("a_elier") == set()


def test_actions_written_in_bulk_are_found_and_a_deleted_one_leaves_no_word(
    association_admin, organisation
):
    """Bulk writes (imports, the benchmark's generator) go around the services: the word index
    follows them too."""
    model = make_action(association_admin, organisation, title="Collecte de jouets")
    slot = first_slot(model)
    copies = Action.objects.bulk_create(
        copy(model, title=f"Collecte {n}", search_document=f" collect jouet lot{n} ")
        for n in range(3)
    )
    Slot.objects.bulk_create(copy(slot, action_id=action.pk) for action in copies)
    assert found_titles("lot1") == {"Collecte 1"}
    assert found_titles("jouets") == {
        "Collecte de jouets",
        "Collecte 0",
        "Collecte 1",
        "Collecte 2",
    }
    Action.objects.filter(pk__in=[action.pk for action in copies]).delete()
    assert found_titles("jouets") == {"Collecte de jouets"}
    if connection.vendor == "postgresql":  # nothing left behind in the word table
        assert set(ActionWord.objects.values_list("action_id", flat=True)) == {model.pk}


def copy(instance, **changes):
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    values.update(changes)
    return type(instance)(**values)


def test_little_words_of_a_search_are_left_out_unless_there_is_nothing_else(
    association_admin, organisation
):
    """ "collecte de sang" asks for a collection of blood, not for every document holding a word
    starting with "de"."""
    make_action(association_admin, organisation, title="Collecte sang", description="Venez donner.")
    assert found_titles("collecte de sang") == {"Collecte sang"}
    assert found_titles("la collecte du sang") == {"Collecte sang"}
    assert found_titles("de") == set()  # only little words: they are searched


@pytest.fixture(params=["few actions", "a list of actions", "too many to list"])
def word_lookup_route(request, monkeypatch):
    """Each way a word's actions reach the slot query (agenda.words.WordLookup): the action
    index for a few, a list tested on the slots' index, a subquery for a word in most actions."""
    if request.param != "few actions":
        monkeypatch.setattr(words, "FEW_ACTIONS", 0)
        monkeypatch.setattr(words, "FEW_ACTIONS_EVERYWHERE", 0)
    if request.param == "too many to list":
        monkeypatch.setattr(words, "LISTED_ACTIONS", {"postgresql": 0, "sqlite": 0})
    return request.param


def test_a_word_search_near_a_place_finds_the_actions_there_and_follows_an_action_that_moves(
    association_admin, organisation, word_lookup_route
):
    """On PostgreSQL the word rows carry their action's point (docs/decisions/0015): they must
    follow the action when it moves, or a search near its new place would miss it."""
    here = CommuneFactory(insee_code="52901", name="Ici", latitude=SAINT_DIZIER.latitude,
                          longitude=SAINT_DIZIER.longitude)  # fmt: skip
    there = CommuneFactory(insee_code="52902", name="Là-bas", latitude=CHAUMONT.latitude,
                           longitude=CHAUMONT.longitude)  # fmt: skip
    moving = make_action(association_admin, organisation, title="Maraude du soir", commune=here)
    make_action(association_admin, organisation, title="Maraude du matin", commune=there)
    assert found_near("maraude", SAINT_DIZIER) == {"Maraude du soir"}
    assert found_near("maraude soir", SAINT_DIZIER) == {"Maraude du soir"}
    assert found_near("maraude", CHAUMONT) == {"Maraude du matin"}

    services.update_action(association_admin, moving, details_of(moving, commune=there))

    assert found_near("maraude", SAINT_DIZIER) == set()
    assert found_near("maraude", CHAUMONT) == {"Maraude du soir", "Maraude du matin"}
    assert found_near("maraude soir", CHAUMONT) == {"Maraude du soir"}
    if connection.vendor == "postgresql":  # the rows moved, none left at the old place
        points = set(ActionWord.objects.filter(action=moving).values_list("latitude", "longitude"))
        assert points == {(CHAUMONT.latitude, CHAUMONT.longitude)}


def test_an_action_moved_to_another_address_of_its_commune_is_found_at_the_new_one(
    association_admin, organisation, word_lookup_route
):
    """Its words do not change, only its point: the word rows must move all the same."""
    commune = CommuneFactory(insee_code="52903", name="Grande commune",
                             latitude=SAINT_DIZIER.latitude, longitude=SAINT_DIZIER.longitude)  # fmt: skip
    action = make_action(association_admin, organisation, title="Maraude", commune=commune)
    document = Action.objects.get(pk=action.pk).search_document

    services.update_action(association_admin, action,
                           details_of(action, point=(CHAUMONT.latitude, CHAUMONT.longitude)))  # fmt: skip

    assert Action.objects.get(pk=action.pk).search_document == document
    assert found_near("maraude", CHAUMONT) == {"Maraude"}
    assert found_near("maraude", SAINT_DIZIER) == set()


def test_a_remote_action_is_found_by_its_words_but_not_near_a_place(
    association_admin, organisation
):
    make_action(association_admin, organisation, title="Soutien scolaire en ligne", is_remote=True)
    assert found_titles("soutien scolaire") == {"Soutien scolaire en ligne"}
    assert found_near("soutien scolaire", SAINT_DIZIER, 30) == set()
