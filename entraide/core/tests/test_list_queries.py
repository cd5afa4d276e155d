"""The query-count fixture of the list tests (`list_queries`, conftest.py) refuses to count the
queries of a page that is not the list asked for: an empty page and an error page cost the same
queries whatever the data, so a comparison at 1 and at 3 items would pass on them by accident."""

import re

import pytest
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError

from entraide.actions.tests.factories import make_action
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db

AGENDA = "/saint-dizier/agenda/"


def cards(response):
    return response.content.decode().count('class="card"')


def titles(response):
    return len(re.findall(r'<h3><a href="/actions/\d+/">', response.content.decode()))


def test_an_empty_page_is_refused(client, list_queries, territory):
    with pytest.raises(AssertionError, match="shows 0 item"):
        list_queries(lambda: client.get(AGENDA), items=titles, expected=1)


@pytest.mark.parametrize(
    "answer", [HttpResponseNotFound('<p class="card">x</p>'), HttpResponseServerError()]
)
def test_an_error_page_is_refused_whatever_it_shows(list_queries, answer):
    with pytest.raises(AssertionError, match=f"answered {answer.status_code}, not 200"):
        list_queries(lambda: answer, items=cards, expected=1)


def test_a_page_with_an_unknown_id_is_refused(client, list_queries, territory):
    with pytest.raises(AssertionError, match="answered 404, not 200"):
        list_queries(lambda: client.get("/actions/999999/"), items=cards, expected=0)


def test_the_queries_of_the_list_asked_for_are_counted(
    client, list_queries, association_admin, saint_dizier, staff
):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    make_action(association_admin, organisation, slots=1)

    counted = list_queries(lambda: client.get(AGENDA), items=titles, expected=1)

    assert counted > 0


def test_an_answer_other_than_a_response_is_checked_by_its_items(list_queries):
    assert list_queries(lambda: HttpResponse("<ul></ul>"), items=cards, expected=0) == 0
    with pytest.raises(AssertionError, match="shows 2 item"):
        list_queries(lambda: ["a", "b"], items=len, expected=3)
