import datetime as dt

import pytest
from django.utils import timezone

from entraide.actions import services
from entraide.actions.enums import Skill
from entraide.actions.tests.factories import first_slot, make_action
from entraide.organisations.enums import Interest
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/actions"


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def paris():
    return CommuneFactory(insee_code="75111", name="Paris 11e", latitude=48.85, longitude=2.38)


def test_list_gives_slots_with_their_action_organisation_and_place(
    client, association_admin, organisation
):
    action = make_action(
        association_admin, organisation, title="Chantier", capacity=5,
        interests=[Interest.ENVIRONMENT], skills=[Skill.GARDENING],
    )  # fmt: skip
    slot = first_slot(action)

    response = client.get(API)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["slot_id"] == slot.pk
    assert item["action_id"] == action.pk
    assert item["kind"] == "mission"
    assert item["organisation"] == {
        "name": "Les Jardins partagés",
        "slug": organisation.slug,
        "url": f"http://testserver/organisations/{organisation.slug}/",
    }
    assert item["commune"] == {"insee_code": "52448", "name": "Saint-Dizier"}
    assert item["interests"] == [{"code": 1, "label": "Environnement"}]
    assert item["skills"] == [{"code": 9, "label": "Jardinage"}]
    assert (item["places_left"], item["capacity"]) == (5, 5)
    assert item["is_remote"] is False
    assert (item["latitude"], item["longitude"]) == (action.latitude, action.longitude)
    assert item["distance_km"] is None
    assert item["url"] == f"http://testserver/actions/{action.pk}/"


def test_list_times_are_iso_8601_with_the_local_offset(client, association_admin, organisation):
    slot = first_slot(make_action(association_admin, organisation))

    (item,) = client.get(API).json()["items"]

    starts_at = dt.datetime.fromisoformat(item["starts_at"])
    assert starts_at == slot.starts_at
    assert starts_at.utcoffset() == timezone.localtime(slot.starts_at).utcoffset()
    assert item["starts_at"].endswith(("+01:00", "+02:00"))
    assert dt.datetime.fromisoformat(item["ends_at"]) == slot.ends_at


def test_unlimited_slot_has_null_places_left(client, association_admin, organisation):
    make_action(association_admin, organisation, capacity=None)

    (item,) = client.get(API).json()["items"]

    assert (item["places_left"], item["capacity"]) == (None, None)


def test_list_leaves_out_drafts_and_unverified_organisations(
    client, association_admin, organisation, saint_dizier
):
    make_action(association_admin, organisation, title="Publiée")
    make_action(association_admin, organisation, title="Brouillon", publish=False)
    pending = make_organisation(association_admin, saint_dizier, name="En attente")
    make_action(association_admin, pending, title="Non vérifiée", publish=False)

    assert titles(client.get(API)) == ["Publiée"]


def test_list_filters_by_interest_skill_and_kind(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Jardin", interests=[Interest.ENVIRONMENT])
    make_action(association_admin, organisation, title="Sport", interests=[Interest.SPORT],
                skills=[Skill.FACILITATION], kind="event")  # fmt: skip

    assert titles(client.get(API, {"interest": [Interest.SPORT.value]})) == ["Sport"]
    assert titles(client.get(API, {"interest": [1, 3]})) == ["Jardin", "Sport"]
    assert titles(client.get(API, {"skill": [Skill.FACILITATION.value]})) == ["Sport"]
    assert titles(client.get(API, {"kind": "mission"})) == ["Jardin"]


def test_list_filters_by_remote_minors_and_places_left(
    client, association_admin, organisation, volunteer
):
    make_action(association_admin, organisation, title="En ligne", is_remote=True)
    make_action(association_admin, organisation, title="Ados", open_to_minors=True)
    full = make_action(association_admin, organisation, title="Complet", capacity=1)
    services.join_slot(volunteer, first_slot(full))

    assert titles(client.get(API, {"remote": "true"})) == ["En ligne"]
    assert titles(client.get(API, {"minors": "true"})) == ["Ados"]
    assert "Complet" not in titles(client.get(API, {"places": "true"}))
    assert "Complet" in titles(client.get(API))


def test_remote_action_has_null_coordinates(client, association_admin, organisation):
    make_action(association_admin, organisation, is_remote=True)

    (item,) = client.get(API).json()["items"]

    assert (item["is_remote"], item["latitude"], item["longitude"]) == (True, None, None)


def test_list_near_a_postcode_gives_distances_and_sorts_by_distance(
    client, association_admin, organisation, territory, paris
):
    chancenay = territory.communes.get(insee_code="52104")
    make_action(association_admin, organisation, title="Chancenay", commune=chancenay,
                starts_in=dt.timedelta(days=2))  # fmt: skip
    make_action(association_admin, organisation, title="Saint-Dizier")
    make_action(association_admin, organisation, title="Paris", commune=paris)

    response = client.get(API, {"near": "52100", "radius_km": 30, "order": "distance"})

    assert titles(response) == ["Saint-Dizier", "Chancenay"]
    distances = [item["distance_km"] for item in response.json()["items"]]
    assert distances[0] == pytest.approx(0, abs=0.01)
    assert 0 < distances[1] < 30
    by_date = client.get(API, {"near": "52100", "radius_km": 30})
    assert titles(by_date) == ["Chancenay", "Saint-Dizier"]


def test_list_around_coordinates(client, association_admin, organisation, paris):
    make_action(association_admin, organisation, title="Saint-Dizier")
    make_action(association_admin, organisation, title="Paris", commune=paris)

    assert titles(client.get(API, {"lat": 48.86, "lon": 2.37, "radius_km": 5})) == ["Paris"]


def test_list_filters_by_dates(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Bientôt", starts_in=dt.timedelta(days=2))
    make_action(association_admin, organisation, title="Plus tard", starts_in=dt.timedelta(days=20))
    today = timezone.localdate()

    soon = {"from": today.isoformat(), "to": (today + dt.timedelta(days=10)).isoformat()}
    assert titles(client.get(API, soon)) == ["Bientôt"]
    assert titles(client.get(API, {"from": (today + dt.timedelta(days=10)).isoformat()})) == [
        "Plus tard"
    ]


def test_a_past_from_date_never_brings_past_slots(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Bientôt")

    response = client.get(API, {"from": "2000-01-01"})

    assert titles(response) == ["Bientôt"]


def test_list_filters_by_half_day_of_the_week(client, association_admin, organisation):
    action = make_action(association_admin, organisation, publish=False, slots=0, title="Mardi")
    today = timezone.localdate()
    tuesday = today + dt.timedelta(days=(1 - today.weekday()) % 7 + 7)
    start = timezone.make_aware(dt.datetime.combine(tuesday, dt.time(18)))
    services.add_slot(association_admin, action, starts_at=start,
                      ends_at=start + dt.timedelta(hours=2), capacity=None)  # fmt: skip
    services.publish_action(association_admin, action)

    assert titles(client.get(API, {"when": ["1-2"]})) == ["Mardi"]
    assert titles(client.get(API, {"when": ["5-0", "6-0"]})) == []


def test_list_filters_by_words_without_accents(client, association_admin, organisation):
    make_action(association_admin, organisation, title="Fête de quartier")
    make_action(association_admin, organisation, title="Chantier")

    assert titles(client.get(API, {"q": "fete"})) == ["Fête de quartier"]


def test_list_filters_by_territory(client, association_admin, organisation, paris):
    make_action(association_admin, organisation, title="Ici")
    make_action(association_admin, organisation, title="Paris", commune=paris)

    assert titles(client.get(API, {"territory": "saint-dizier"})) == ["Ici"]


def test_list_pages(client, association_admin, organisation):
    make_action(association_admin, organisation, slots=5)

    first = client.get(API, {"page_size": 2}).json()
    last = client.get(API, {"page_size": 2, "page": 3}).json()

    assert (first["count"], first["pages"], len(first["items"])) == (5, 3, 2)
    assert len(last["items"]) == 1
    starts = [i["starts_at"] for i in first["items"]] + [i["starts_at"] for i in last["items"]]
    assert starts == sorted(starts)


def test_list_query_count_does_not_grow_with_items(
    client, association_admin, organisation, list_queries
):
    def queries_for(count):
        return list_queries(
            lambda: client.get(API), items=lambda r: len(r.json()["items"]), expected=count
        )

    make_action(association_admin, organisation, slots=1)
    with_one = queries_for(1)
    make_action(association_admin, organisation, slots=2, title="Autre")
    assert queries_for(3) == with_one


def test_list_never_shows_a_persons_email(client, association_admin, organisation, volunteer):
    services.join_slot(volunteer, first_slot(make_action(association_admin, organisation)))

    content = (
        client.get(API).content.decode() + client.get(f"{API}/{organisation.pk}").content.decode()
    )

    assert "@example.org" not in content
    assert "Camille" not in content


# --- Bad input: a 4xx with a message, never a 500 ------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"radius_km": "abc"}, 422, "radius_km"),
        ({"radius_km": "10000"}, 422, "radius_km"),
        ({"radius_km": "0"}, 422, "radius_km"),
        ({"from": "2026-13-45"}, 422, "from"),
        ({"from": "1700000000"}, 422, "from"),
        ({"to": "demain"}, 422, "to"),
        ({"interest": "999"}, 422, "interest"),
        ({"interest": "abc"}, 422, "interest"),
        ({"skill": "-1"}, 422, "skill"),
        ({"kind": "party"}, 422, "kind"),
        ({"when": "7-0"}, 422, "when"),
        ({"when": "mardi"}, 422, "when"),
        ({"remote": "maybe"}, 422, "remote"),
        ({"lat": "nan", "lon": "2"}, 422, "lat"),
        ({"lat": "91", "lon": "2"}, 422, "lat"),
        ({"page_size": "101"}, 422, "page_size"),
        ({"page": "0"}, 422, "page"),
        ({"order": "random"}, 422, "order"),
        ({"q": "x" * 201}, 422, "q"),
        ({"territory": "../etc"}, 422, "territory"),
    ],
)
def test_bad_query_is_refused_with_a_message(client, territory, query, status, field):
    response = client.get(API, query)

    assert response.status_code == status
    errors = response.json()["detail"]
    assert [e["loc"][-1] if isinstance(e["loc"][-1], str) else e["loc"][-2] for e in errors] == [
        field
    ]
    assert errors[0]["msg"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"near": "99999"}, "Le code postal 99999 n’existe pas."),
        ({"near": "Atlantide"}, "Nous ne trouvons pas « Atlantide »"),
        ({"territory": "nulle-part"}, "Le territoire « nulle-part » n’existe pas."),
        ({"order": "distance"}, "Le tri par distance demande un lieu"),
        ({"interests": "1"}, "Paramètre inconnu : interests."),
    ],
)
def test_filters_that_name_nothing_are_a_400_with_a_message(client, territory, query, message):
    response = client.get(API, query)

    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lat": "48"}, "lat et lon vont ensemble"),
        ({"near": "52100", "lat": "48", "lon": "2"}, "near ou lat/lon"),
        ({"from": "2027-02-01", "to": "2027-01-01"}, "précède"),
    ],
)
def test_inconsistent_filters_are_a_422_with_a_message(client, territory, query, message):
    response = client.get(API, query)

    assert response.status_code == 422
    assert message in response.json()["detail"][0]["msg"]


# --- One action ----------------------------------------------------------------------------


def test_action_detail_gives_its_upcoming_slots(client, association_admin, organisation):
    action = make_action(association_admin, organisation, title="Chantier", slots=2)

    response = client.get(f"{API}/{action.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["action_id"], body["title"], body["status"]) == (
        action.pk,
        "Chantier",
        "published",
    )
    assert [s["slot_id"] for s in body["slots"]] == list(
        action.slots.order_by("starts_at").values_list("pk", flat=True)
    )


def test_action_detail_of_a_draft_is_404_even_for_its_manager(
    client, association_admin, organisation
):
    draft = make_action(association_admin, organisation, publish=False)
    client.force_login(association_admin)

    response = client.get(f"{API}/{draft.pk}")

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("action_id", ["999999", "abc", "-1"])
def test_action_detail_of_junk_is_4xx(client, db, action_id):
    assert client.get(f"{API}/{action_id}").status_code in (404, 422)


# --- OpenAPI and its documentation ---------------------------------------------------------


def test_openapi_schema_lists_the_actions_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert set(schema["paths"]) == {"/api/v1/actions", "/api/v1/actions/{action_id}"}
    names = {p["name"] for p in schema["paths"]["/api/v1/actions"]["get"]["parameters"]}
    assert {"near", "radius_km", "interest", "from", "to", "when", "page_size"} <= names


def test_docs_page_loads_nothing_from_another_site(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page


def test_docs_page_is_ninjas_own_swagger_ui_served_from_our_static_files(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_pages_beyond_the_first_thousand_results_are_refused_with_a_clear_message(client):
    response = client.get("/api/v1/actions", {"page": 11, "page_size": 100})
    assert response.status_code == 400
    assert "1000 premiers résultats" in response.json()["detail"]
