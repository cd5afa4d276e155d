"""Odd values in the queue's cursor and the transparency page's year give the first page, never
a server error (a review found both)."""

import pytest

from entraide.moderation.selectors import queue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cursor", ["0_2024-02-30T00:00:00_1", "0_2024-01-01T00:00:00_²", "1_x_1", "0__", "~"]
)
def test_an_impossible_cursor_starts_the_queue_from_its_beginning(territory, cursor):
    page = queue(territory=territory, cursor=cursor)

    assert page.cases == []
    assert page.next_cursor == ""


@pytest.mark.parametrize("year", ["²", "٢٠٢٥", "99999999999999999999", "-1"])
def test_the_transparency_page_takes_an_odd_year_for_this_year(client, territory, year):
    response = client.get(f"/moderation/{territory.slug}/transparence/", {"annee": year})

    assert response.status_code == 200
