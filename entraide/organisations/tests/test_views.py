import json
import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from entraide.organisations.enums import Interest, Role, VerificationStatus
from entraide.organisations.models import Membership, Organisation
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/saint-dizier/annuaire/"


def names_in(response):
    return re.findall(r'<h3><a href="/organisations/[^"]+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def directory_data(association_admin, staff, territory, saint_dizier):
    chancenay = territory.communes.get(insee_code="52104")
    make_organisation(
        association_admin, saint_dizier, name="Les Bénévoles du Jardin", verified_by=staff,
        interests=[Interest.ENVIRONMENT], description="Des potagers partagés.",
    )  # fmt: skip
    make_organisation(
        association_admin, chancenay, name="Club de handball de Chancenay", verified_by=staff,
        interests=[Interest.SPORT], short_description="Le hand pour tous.",
        description="Entraînements le mercredi soir.",
    )  # fmt: skip
    make_organisation(association_admin, saint_dizier, name="Association en attente")
    far = CommuneFactory(insee_code="75111", name="Paris 11e", latitude=48.85, longitude=2.38)
    make_organisation(association_admin, far, name="Hors territoire")


def test_directory_lists_only_verified_organisations_of_the_territory(client, directory_data):
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names_in(response) == ["Club de handball de Chancenay", "Les Bénévoles du Jardin"]


def test_directory_words_ignore_accents_and_plural(client, directory_data):
    response = client.get(DIRECTORY, {"q": "benevole"})
    assert names_in(response) == ["Les Bénévoles du Jardin"]


def test_directory_filters_by_interest(client, directory_data):
    response = client.get(DIRECTORY, {"interest": [Interest.SPORT.value]})
    assert names_in(response) == ["Club de handball de Chancenay"]


def test_directory_near_a_postcode_sorts_by_distance(client, directory_data):
    response = client.get(DIRECTORY, {"near": "52100", "radius": "10"})
    assert names_in(response) == ["Les Bénévoles du Jardin", "Club de handball de Chancenay"]
    assert "à moins de 1 km" in response.content.decode()
    assert "à 5 km" in response.content.decode()  # Chancenay is 4.6 km from Saint-Dizier


def test_directory_in_this_commune_keeps_that_commune(client, directory_data):
    response = client.get(DIRECTORY, {"near": "Chancenay", "radius": "0"})
    assert names_in(response) == ["Club de handball de Chancenay"]


def test_directory_at_every_distance_keeps_at_least_what_two_km_keep(client, directory_data):
    """« Toutes distances » near 52100 once kept only Saint-Dizier itself (issue 11, item 2)."""
    every = names_in(client.get(DIRECTORY, {"near": "52100"}))
    within_two = names_in(client.get(DIRECTORY, {"near": "52100", "radius": "2"}))

    assert every == ["Les Bénévoles du Jardin", "Club de handball de Chancenay"]
    assert set(within_two) <= set(every)
    assert names_in(client.get(DIRECTORY, {"near": "Chancenay"})) == [
        "Club de handball de Chancenay",
        "Les Bénévoles du Jardin",
    ]


def test_directory_unknown_postcode_says_so_and_still_lists(client, directory_data):
    response = client.get(DIRECTORY, {"near": "99999", "radius": "10"})
    assert response.status_code == 200
    assert "Le code postal 99999 n’existe pas." in response.content.decode()
    assert len(names_in(response)) == 2


@pytest.mark.parametrize("radius", ["10000", "-3", "abc"])
def test_directory_refuses_an_absurd_radius_without_error_page(client, directory_data, radius):
    response = client.get(DIRECTORY, {"near": "52100", "radius": radius})
    assert response.status_code == 200
    assert "field--error" in response.content.decode()


def test_directory_htmx_request_gets_only_the_results_fragment(client, directory_data):
    response = client.get(DIRECTORY, {"q": "hand"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert names_in(response) == ["Club de handball de Chancenay"]


def test_directory_map_data_holds_the_same_results(client, directory_data):
    response = client.get(DIRECTORY, {"q": "jardin"})
    points = re.search(
        r'<script id="map-points" type="application/json">(.*?)</script>', response.content.decode()
    )
    assert points is not None
    assert [point["name"] for point in json.loads(points.group(1))] == ["Les Bénévoles du Jardin"]


def test_directory_empty_state(client, territory):
    response = client.get(DIRECTORY)
    assert "Aucune organisation ne correspond à cette recherche." in response.content.decode()


def test_directory_paginates_by_twenty(client, association_admin, staff, saint_dizier):
    for number in range(23):
        make_organisation(
            association_admin, saint_dizier, name=f"Asso {number:02d}", verified_by=staff
        )
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    assert len(names_in(first)) == 20
    assert len(names_in(second)) == 3
    assert client.get(DIRECTORY, {"page": "abc"}).status_code == 200


def test_directory_query_count_is_the_same_for_one_and_three_results(
    client, association_admin, staff, saint_dizier, list_queries
):
    def queries_for_directory(count):
        cache.clear()  # both counts look the place up (the geocoder keeps places it found)
        return list_queries(
            lambda: client.get(DIRECTORY, {"q": "asso", "near": "52100", "radius": "20"}),
            items=lambda r: len(names_in(r)),
            expected=count,
        )

    make_organisation(association_admin, saint_dizier, name="Asso 1", verified_by=staff)
    with_one = queries_for_directory(1)
    make_organisation(association_admin, saint_dizier, name="Asso 2", verified_by=staff)
    make_organisation(association_admin, saint_dizier, name="Asso 3", verified_by=staff)
    assert queries_for_directory(3) == with_one


def test_pending_organisation_page_is_hidden_from_outsiders_but_not_owner_or_staff(
    client, association_admin, staff, outsider, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    url = organisation.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(association_admin)
    assert "attend la vérification" in client.get(url).content.decode()
    client.force_login(staff)
    assert "Vérifier" in client.get(url).content.decode()


def test_organisation_page_shows_no_contact_details_of_anyone(
    client, association_admin, staff, saint_dizier
):
    association_admin.phone = "06 12 34 56 78"
    association_admin.save()
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    body = client.get(organisation.get_absolute_url()).content.decode()
    assert "alex@example.org" not in body
    assert "06 12 34 56 78" not in body
    assert "Contacter" in body


def test_create_organisation_through_the_form(client, volunteer, territory):
    client.force_login(volunteer)
    logo = BytesIO()
    Image.new("RGB", (800, 800), "blue").save(logo, format="PNG")
    response = client.post(
        "/organisations/nouvelle/",
        {
            "name": "Repair Café Bragard", "kind": "association", "short_description": "On répare ensemble.",
            "description": "**Venez** !", "interests": [Interest.ENVIRONMENT.value, Interest.SOLIDARITY.value],
            "place": "St Dizier", "street_address": "3 rue du Pont", "website": "example.org/repair",
            "rna_number": "w521004321", "siren": "",
            "logo": SimpleUploadedFile("logo.png", logo.getvalue(), content_type="image/png"),
        },
    )  # fmt: skip
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.commune_id == "52448"
    assert organisation.rna_number == "W521004321"
    assert organisation.website == "https://example.org/repair"
    assert organisation.interest_list == [Interest.SOLIDARITY, Interest.ENVIRONMENT]
    assert organisation.logo.name.endswith(".png")
    assert organisation.status == VerificationStatus.PENDING


def test_bad_identifiers_are_shown_next_their_fields_and_nothing_is_saved(
    client, volunteer, territory
):
    client.force_login(volunteer)
    response = client.post(
        "/organisations/nouvelle/",
        {
            "name": "Asso", "kind": "association", "short_description": "x", "interests": [1],
            "place": "99999", "rna_number": "123", "siren": "732829321",
        },
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_rna_number_error"' in body
    assert 'id="id_siren_error"' in body
    assert 'id="id_place_error"' in body
    assert Organisation.objects.count() == 0
    assert 'value="Asso"' in body  # what was typed is kept


def test_anonymous_visitor_is_sent_to_log_in_before_creating(client, territory):
    response = client.get("/organisations/nouvelle/")
    assert response.status_code == 302
    assert "/comptes/login/" in response.url


def test_an_outsider_cannot_edit_or_manage_members(
    client, association_admin, staff, outsider, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    client.force_login(outsider)
    assert client.get(f"/organisations/{organisation.slug}/modifier/").status_code == 403
    assert client.get(f"/organisations/{organisation.slug}/membres/").status_code == 403
    assert client.post(f"/organisations/{organisation.slug}/verifier/").status_code == 403


def test_verification_queue_is_for_territory_staff_only(
    client, association_admin, staff, outsider, saint_dizier
):
    make_organisation(association_admin, saint_dizier, name="À vérifier")
    client.force_login(outsider)
    assert client.get("/organisations/verifications/").status_code == 403
    client.force_login(staff)
    assert "À vérifier" in client.get("/organisations/verifications/").content.decode()


def test_staff_verifies_from_the_queue_and_the_organisation_appears_in_the_directory(
    client, association_admin, staff, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, name="Nouvelle asso")
    client.force_login(staff)
    response = client.post(f"/organisations/{organisation.slug}/verifier/", {"next": "queue"})
    assert response.status_code == 302
    assert names_in(client.get(DIRECTORY)) == ["Nouvelle asso"]


def test_rejection_without_reason_shows_an_error_next_to_the_field(
    client, association_admin, staff, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier)
    client.force_login(staff)
    response = client.post(f"/organisations/{organisation.slug}/refuser/", {"reason": ""})
    assert 'id="id_reason_error"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == VerificationStatus.PENDING


def test_invitation_page_and_acceptance(client, association_admin, volunteer, staff, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    client.force_login(association_admin)
    client.post(
        f"/organisations/{organisation.slug}/membres/inviter/",
        {"email": "camille@example.org", "role": "member"},
    )
    invitation = organisation.invitations.get()
    client.force_login(volunteer)

    response = client.post(f"/organisations/invitations/{invitation.token}/")

    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation, person=volunteer).role == Role.MEMBER
    assert client.get(f"/organisations/invitations/{invitation.token}/").status_code == 404
    assert client.get("/organisations/invitations/not-a-token/").status_code == 404


def test_removing_a_member_asks_for_confirmation_first(
    client, association_admin, volunteer, staff, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    membership = Membership.objects.create(
        organisation=organisation, person=volunteer, role=Role.MEMBER
    )
    client.force_login(association_admin)
    url = f"/organisations/{organisation.slug}/membres/{membership.pk}/retirer/"

    confirmation = client.get(url)
    assert "Retirer Camille D." in confirmation.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_members_page_shows_public_names_never_emails(
    client, association_admin, volunteer, staff, saint_dizier
):
    organisation = make_organisation(association_admin, saint_dizier, verified_by=staff)
    Membership.objects.create(organisation=organisation, person=volunteer, role=Role.MEMBER)
    client.force_login(association_admin)
    body = client.get(f"/organisations/{organisation.slug}/membres/").content.decode()
    assert "Camille D." in body
    assert "camille@example.org" not in body


def test_partnership_request_and_acceptance_through_the_pages(
    client, association_admin, volunteer, staff, saint_dizier
):
    jardins = make_organisation(association_admin, saint_dizier, name="Jardins", verified_by=staff)
    repair = make_organisation(volunteer, saint_dizier, name="Repair café", verified_by=staff)
    client.force_login(association_admin)
    assert (
        "Repair café"
        in client.get(
            f"/organisations/{jardins.slug}/partenaires/", {"q": "repair"}
        ).content.decode()
    )
    client.post(
        f"/organisations/{jardins.slug}/partenaires/demander/",
        {"partner": repair.slug, "message": "Ensemble ?"},
    )
    partnership = repair.partnerships_received.get()
    assert client.post(f"/organisations/partenariats/{partnership.pk}/accepter/").status_code == 403
    partnership.refresh_from_db()
    assert partnership.status == "pending"  # the requester cannot accept for the other side

    client.force_login(volunteer)
    client.post(f"/organisations/partenariats/{partnership.pk}/accepter/")

    assert "Repair café" in client.get(jardins.get_absolute_url()).content.decode()
    assert "Jardins" in client.get(repair.get_absolute_url()).content.decode()
