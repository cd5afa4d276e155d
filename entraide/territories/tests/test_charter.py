"""A territory's charter: its staff publish a version (audited); a new member accepts the
charters in force at sign-up; after a new version, a member's next visit of the territory opens
« La charte a changé » before anything else, once, and their acceptance is recorded with its
version and date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import User
from entraide.accounts.tests.factories import PASSWORD
from entraide.core.models import AuditEntry
from entraide.territories.models import CharterAcceptance, TerritoryCharter
from entraide.territories.services import publish_charter
from entraide.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

TEXT = "Bienveillance envers chacun, aucun propos haineux, ni publicité ni revente de données."
HOME = "/saint-dizier/"
CHARTER = "/saint-dizier/charte/"


@pytest.fixture
def charter(territory, staff):
    return publish_charter(staff, territory, text=TEXT)


def accepted_versions(person):
    return list(
        CharterAcceptance.objects.filter(person=person).values_list(
            "charter__territory__slug", "charter__version"
        )
    )


def sign_up(client, **overrides):
    data = {"first_name": "Nina", "last_name": "Roux", "email": "nina@example.org",
            "password1": PASSWORD, "password2": PASSWORD, **overrides}  # fmt: skip
    return client.post("/comptes/signup/", data)


def test_sign_up_requires_the_charter_box_and_records_the_charters_in_force(
    client, territory, charter
):
    other = TerritoryFactory(name="Chaumont", slug="chaumont")
    publish_charter(None, other, text=TEXT)
    publish_charter(None, other, text=TEXT + " Deuxième version.")
    TerritoryFactory(name="Sans charte", slug="sans-charte")

    refused = sign_up(client)
    signed_up = sign_up(client, accept_charter="on")

    assert refused.status_code == 200
    assert "accept_charter" in refused.context["form"].errors
    assert signed_up.status_code == 302
    nina = User.objects.get(email="nina@example.org")
    assert sorted(accepted_versions(nina)) == [("chaumont", 2), ("saint-dizier", 1)]
    assert AuditEntry.objects.filter(actor=nina, action="territories.charter.accepted").count() == 2


def test_a_new_version_is_read_and_accepted_before_anything_else_and_only_once(
    client, territory, staff, volunteer, charter, django_capture_on_commit_callbacks
):
    client.force_login(volunteer)
    first = client.get(HOME)
    client.post(CHARTER, {"version": 1, "accept": "on", "next": HOME})
    with django_capture_on_commit_callbacks(execute=True):  # the cached version is forgotten
        publish_charter(staff, territory, text=TEXT + " Nouvelle règle : on se tutoie.")

    gated = client.get("/saint-dizier/agenda/?q=jardin")
    page = client.get(gated["Location"])
    accepted = client.post(
        CHARTER, {"version": 2, "accept": "on", "next": "/saint-dizier/agenda/?q=jardin"}
    )
    with CaptureQueriesContext(connection) as again:
        again_response = client.get("/saint-dizier/agenda/")

    assert first.status_code == 302 and first["Location"].startswith(CHARTER)
    assert gated.status_code == 302
    assert (
        gated["Location"] == "/saint-dizier/charte/?next=%2Fsaint-dizier%2Fagenda%2F%3Fq%3Djardin"
    )
    assert "<h1>La charte a changé</h1>" in page.text
    assert "on se tutoie" in page.text
    assert accepted["Location"] == "/saint-dizier/agenda/?q=jardin"
    assert again_response.status_code == 200
    # Kept in the session: the gate asks nothing more of the database.
    assert not any("charteracceptance" in q["sql"] for q in again.captured_queries)
    acceptance = CharterAcceptance.objects.get(person=volunteer, charter__version=2)
    assert acceptance.accepted_at is not None
    assert accepted_versions(volunteer) == [("saint-dizier", 1), ("saint-dizier", 2)]


def test_the_box_must_be_ticked_and_a_stale_version_is_read_again(
    client, territory, staff, volunteer, charter
):
    client.force_login(volunteer)
    unticked = client.post(CHARTER, {"version": 1, "next": HOME})
    publish_charter(staff, territory, text=TEXT + " Deuxième version.")
    stale = client.post(CHARTER, {"version": 1, "accept": "on", "next": HOME})

    assert "Cochez la case pour accepter la charte." in unticked.text
    assert "La charte vient de changer" in stale.text
    assert "Deuxième version." in stale.text
    assert accepted_versions(volunteer) == []


def test_an_htmx_fragment_sends_the_whole_page_to_the_charter(client, volunteer, charter):
    client.force_login(volunteer)

    response = client.get(
        "/saint-dizier/agenda/",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/saint-dizier/agenda/"},
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == "/saint-dizier/charte/?next=%2Fsaint-dizier%2Fagenda%2F"


def test_visitors_and_other_territories_are_not_held(client, territory, volunteer, charter):
    TerritoryFactory(name="Chaumont", slug="chaumont")

    visitor = client.get(HOME)
    client.force_login(volunteer)
    elsewhere = client.get("/chaumont/")
    charter_page = client.get(CHARTER)

    assert visitor.status_code == 200
    assert 'href="/saint-dizier/charte/"' in visitor.text
    assert elsewhere.status_code == 200
    assert (
        charter_page.status_code == 200 and "J’ai lu la charte et je l’accepte" in charter_page.text
    )


def test_only_the_territorys_staff_publish_a_version_and_it_is_audited(
    client, territory, staff, volunteer, charter
):
    url = "/territoires/saint-dizier/charte/"
    client.force_login(volunteer)
    refused = client.post(url, {"text": TEXT + " Par un membre."})
    client.force_login(staff)
    too_short = client.post(url, {"text": "Court."})
    published = client.post(url, {"text": TEXT + " Deuxième version."})

    assert refused.status_code == 403
    assert "La charte doit compter entre" in too_short.text
    assert published["Location"] == CHARTER
    assert list(TerritoryCharter.objects.values_list("version", flat=True)) == [2, 1]
    territory.refresh_from_db()
    assert territory.charter_version == 2
    entries = AuditEntry.objects.filter(action="territories.charter.published")
    assert [(e.actor, e.data["version"]) for e in entries.order_by("pk")] == [
        (staff, 1),
        (staff, 2),
    ]
    # The publisher accepted their own version: no gate for them.
    assert client.get(HOME).status_code == 200
