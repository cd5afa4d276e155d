"""The agenda page: filters as a shareable query string, list, week and map views, htmx."""

import json
import re
from datetime import datetime, time, timedelta
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.utils import timezone

from entraide.actions import services
from entraide.actions.enums import Skill
from entraide.actions.tests.factories import first_slot, make_action
from entraide.organisations.enums import Interest
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

AGENDA = "/saint-dizier/agenda/"


def titles_in(response):
    return re.findall(r'<h3><a href="/actions/\d+/">([^<]+)</a></h3>', response.content.decode())


def next_local(weekday, hour, *, after_days=2):
    """The next `weekday` (Monday = 0) at `hour`, Europe/Paris, at least `after_days` away."""
    day = timezone.localdate() + timedelta(days=after_days)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def action_at(manager, organisation, starts_at, **details):
    """A published action with one two-hour slot starting at `starts_at`."""
    return make_action(manager, organisation, starts_in=starts_at - timezone.now(), **details)


@pytest.fixture
def agenda_data(association_admin, organisation, territory, volunteer):
    chancenay = territory.communes.get(insee_code="52104")
    garden = action_at(
        association_admin, organisation, next_local(1, 18), title="Chantier au jardin partagé",
        interests=[Interest.ENVIRONMENT], skills=[Skill.GARDENING],
    )  # fmt: skip
    handball = action_at(
        association_admin, organisation, next_local(5, 9), title="Tournoi de handball",
        kind="event", interests=[Interest.SPORT], commune=chancenay, open_to_minors=True,
        capacity=1,
    )  # fmt: skip
    services.join_slot(volunteer, first_slot(handball))
    online = action_at(
        association_admin, organisation, next_local(2, 14), title="Atelier informatique en ligne",
        kind="broadcast", interests=[Interest.EDUCATION], skills=[Skill.COMPUTING],
        is_remote=True, stream_url="https://video.example.org/atelier",
    )  # fmt: skip
    action_at(association_admin, organisation, next_local(3, 10), title="Brouillon", publish=False)
    paris = CommuneFactory(insee_code="75111", name="Paris 11e", latitude=48.85, longitude=2.38)
    action_at(association_admin, organisation, next_local(4, 10), title="Ailleurs", commune=paris)
    return {"garden": garden, "handball": handball, "online": online}


def by_date(*actions):
    return [a.title for a in sorted(actions, key=lambda a: first_slot(a).starts_at)]


def test_agenda_lists_the_upcoming_published_slots_of_the_territory_by_date(client, agenda_data):
    response = client.get(AGENDA)

    assert response.status_code == 200
    assert titles_in(response) == by_date(*agenda_data.values())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"interest": [Interest.ENVIRONMENT.value]}, ["garden"]),
        ({"interest": [Interest.ENVIRONMENT.value, Interest.SPORT.value]}, ["garden", "handball"]),
        ({"skill": [Skill.COMPUTING.value]}, ["online"]),
        ({"kind": ["event"]}, ["handball"]),
        ({"remote": "on"}, ["online"]),
        ({"minors": "on"}, ["handball"]),
        ({"when": ["1-2"]}, ["garden"]),
        ({"when": ["1-0", "5-0"]}, ["handball"]),
        ({"q": "JARDIN"}, ["garden"]),
        ({"places": "on"}, ["garden", "online"]),
        ({"near": "Chancenay", "radius": "2"}, ["handball"]),
        ({"near": "52100"}, ["garden", "handball"]),
    ],
)
def test_each_filter_narrows_the_results(client, agenda_data, query, expected):
    response = client.get(AGENDA, query)

    assert response.status_code == 200
    assert titles_in(response) == by_date(*[agenda_data[name] for name in expected])


def test_dates_keep_the_slots_between_them(client, agenda_data):
    day = timezone.localdate(first_slot(agenda_data["handball"]).starts_at).isoformat()

    response = client.get(AGENDA, {"from": day, "to": day})

    assert titles_in(response) == ["Tournoi de handball"]


def test_near_a_postcode_shows_distances_and_can_sort_by_them(client, agenda_data):
    response = client.get(AGENDA, {"near": "Chancenay", "radius": "20", "order": "distance"})

    assert titles_in(response) == ["Tournoi de handball", "Chantier au jardin partagé"]
    body = response.content.decode()
    assert "à moins de 1 km" in body
    assert "à 5 km" in body  # Saint-Dizier is 4.6 km from Chancenay
    assert "Dans un rayon de 20 km." in body


class FormValues(HTMLParser):
    """The query string a browser would send from the agenda's filter form as rendered."""

    def __init__(self):
        super().__init__()
        self.pairs = []
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == "agenda-filters":
            self.in_form = True
        if not self.in_form or tag != "input" or not attributes.get("name"):
            return
        if attributes.get("type") in ("checkbox", "radio") and "checked" not in attributes:
            return
        if attributes.get("type") in ("checkbox", "radio") or attributes.get("value"):
            self.pairs.append((attributes["name"], attributes.get("value") or "on"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def test_a_search_is_a_shareable_url_that_the_form_renders_back(client, agenda_data):
    query = {"near": "52100", "radius": "15", "interest": [Interest.ENVIRONMENT.value],
             "when": ["1-2"], "places": "on", "q": "jardin"}  # fmt: skip
    first = client.get(AGENDA, query)
    parser = FormValues()
    parser.feed(first.content.decode())

    again = client.get(f"{AGENDA}?{urlencode(parser.pairs)}")

    assert sorted(parser.pairs) == sorted([
        ("near", "52100"), ("radius", "15"), ("interest", "1"), ("when", "1-2"),
        ("places", "on"), ("q", "jardin"),
    ])  # fmt: skip
    assert titles_in(again) == titles_in(first) == ["Chantier au jardin partagé"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"near": "99999"}, "Le code postal 99999 n’existe pas."),
        ({"near": "52100", "radius": "10000"}, "Le rayon va de 1 à 200 km."),
        ({"near": "52100", "radius": "-3"}, "Le rayon va de 1 à 200 km."),
        ({"near": "52100", "radius": "loin"}, "Indiquez un rayon en kilomètres"),
        ({"from": "2026-13-45"}, "Indiquez une date"),
        ({"from": "31/02/2026"}, "Indiquez une date"),
        ({"to": "0001-01-01"}, "Choisissez une date entre 2000 et 2100."),
        (
            {"from": "2000-05-10", "to": "2000-05-01"},
            "La date de fin doit suivre la date de début.",
        ),
        ({"lat": "abc", "lon": "4.9"}, "Saisissez un nombre."),
        ({"lat": "95", "lon": "4.9"}, "inférieure ou égale à 90"),
        ({"when": "9-9"}, "Sélectionnez un choix valide. 9-9 n’en fait pas partie."),
        ({"interest": "x"}, "Sélectionnez un choix valide. x n’en fait pas partie."),
    ],
)
def test_bad_filters_say_what_is_wrong_and_still_list(client, agenda_data, query, message):
    response = client.get(AGENDA, query)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body.replace("&#x27;", "’").replace("'", "’")
    assert 'class="form-errors" role="alert"' in body
    assert len(titles_in(response)) >= 1


@pytest.mark.parametrize(
    "query", [{"page": "abc"}, {"page": "999"}, {"order": "x"}, {"view": "x"}, {"lat": "48.6"}]
)
def test_odd_parameters_never_break_the_page(client, agenda_data, query):
    assert client.get(AGENDA, query).status_code == 200


def test_unknown_territory_is_not_found(client, agenda_data):
    assert client.get("/nulle-part/agenda/").status_code == 404


def test_htmx_request_gets_only_the_results_fragment_with_its_errors(client, agenda_data):
    response = client.get(
        AGENDA, {"q": "handball", "near": "99999"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "Le code postal 99999 n’existe pas." in body
    assert titles_in(response) == ["Tournoi de handball"]


def test_week_view_places_slots_in_their_day_with_links_to_the_next_weeks(client, agenda_data):
    tuesday = timezone.localdate(first_slot(agenda_data["garden"]).starts_at)
    monday = tuesday - timedelta(days=1)

    response = client.get(AGENDA, {"view": "week", "from": tuesday.isoformat(), "q": "jardin"})

    body = response.content.decode()
    column = re.search(
        rf'<section class="week__day" aria-labelledby="day-{tuesday.isoformat()}">(.*?)</section>',
        body,
        re.S,
    )
    assert column is not None
    assert "Chantier au jardin partagé" in column.group(1)
    assert body.count('class="week__day"') == 7
    assert f"from={(monday - timedelta(days=7)).isoformat()}" in body
    assert f"from={(monday + timedelta(days=7)).isoformat()}" in body
    assert "q=jardin" in re.search(r'href="([^"]*)" rel="next"', body).group(1)


def map_points_in(response):
    found = re.search(
        r'<script id="map-points" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert found is not None
    return json.loads(found.group(1))


def test_map_view_points_are_the_placed_actions_of_the_results(client, agenda_data):
    response = client.get(AGENDA, {"view": "map", "near": "52100"})

    points = map_points_in(response)
    assert sorted(point["name"] for point in points) == sorted(titles_in(response))
    assert sorted(point["name"] for point in points) == [
        "Chantier au jardin partagé",
        "Tournoi de handball",
    ]


def test_agenda_paginates_by_twenty(client, association_admin, organisation):
    make_action(association_admin, organisation, slots=23)

    first = client.get(AGENDA)
    second = client.get(AGENDA, {"page": 2})

    assert len(titles_in(first)) == 20
    assert len(titles_in(second)) == 3


def test_empty_agenda_offers_to_clear_the_filters(client, territory):
    response = client.get(AGENDA, {"q": "rien"})

    body = response.content.decode()
    assert "Aucune action ne correspond à cette recherche." in body
    assert f'<a href="{AGENDA}">Effacer les filtres</a>' in body


def test_join_button_posts_for_everybody_so_that_no_link_can_sign_anybody_up(
    client, agenda_data, volunteer
):
    slot = first_slot(agenda_data["garden"])
    join_url = f"/actions/creneaux/{slot.pk}/participer/"

    anonymous = client.get(AGENDA, {"q": "jardin"}).content.decode()
    client.force_login(volunteer)
    logged_in = client.get(AGENDA, {"q": "jardin"}).content.decode()

    assert f'<form method="post" action="{join_url}"' in anonymous
    assert f'<form method="post" action="{join_url}"' in logged_in


@pytest.mark.parametrize("view", ["list", "week", "map"])
def test_agenda_query_count_is_the_same_for_one_and_three_slots(
    client, association_admin, organisation, volunteer, view, list_queries
):
    client.force_login(volunteer)
    # A Monday, a Tuesday and a Wednesday of one week, so that the week view shows all three
    # whatever the day the test runs.
    monday = next_local(0, 10, after_days=7)
    query = {"near": "52100", "q": "jardin", "view": view, "from": monday.date().isoformat()}
    shown = 'href="/actions/' if view == "week" else 'class="card slot-card"'

    def queries_for_agenda(count):
        cache.clear()  # both requests read the territory's communes afresh
        return list_queries(
            lambda: client.get(AGENDA, query),
            items=lambda r: r.content.decode().count(shown),
            expected=count,
        )

    make_action(association_admin, organisation, slots=1, starts_in=monday - timezone.now())
    with_one = queries_for_agenda(1)
    make_action(
        association_admin,
        organisation,
        slots=2,
        starts_in=monday + timedelta(days=1) - timezone.now(),
    )
    assert queries_for_agenda(3) == with_one
