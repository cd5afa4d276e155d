"""A verified organisation that changes its name, kind, identifiers or commune goes back to the
staff of its new place: until they approve, the public keeps the verified values."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from entraide.accounts.tests.factories import UserFactory
from entraide.core.audit import audit_trail
from entraide.core.exceptions import ActionRefused
from entraide.organisations import services
from entraide.organisations.enums import IdentityChangeStatus, VerificationStatus
from entraide.organisations.models import IdentityChange, Organisation
from entraide.organisations.services import OrganisationProfile
from entraide.organisations.tests.factories import make_organisation
from entraide.territories.services import add_territory_staff
from entraide.territories.tests.factories import CommuneFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris_11e(db):
    return CommuneFactory(
        insee_code="75111",
        name="Paris 11e Arrondissement",
        postcodes="75011",
        latitude=48.859,
        longitude=2.380,
    )


@pytest.fixture
def paris_staff(paris_11e):
    paris = TerritoryFactory(name="Paris", slug="paris", communes=[paris_11e])
    person = UserFactory(email="paul@example.org", first_name="Paul", last_name="Lambert")
    add_territory_staff(None, paris, person)
    return person


@pytest.fixture
def verified(association_admin, saint_dizier, staff):
    return make_organisation(
        association_admin, saint_dizier, verified_by=staff, name="Les Jardins partagés"
    )


def profile_of(organisation: Organisation, **changes) -> OrganisationProfile:
    values = {
        "name": organisation.name,
        "kind": organisation.kind,
        "short_description": organisation.short_description,
        "commune": organisation.commune,
        "description": organisation.description,
        "interests": tuple(i.value for i in organisation.interest_list),
        "street_address": organisation.street_address,
        "website": organisation.website,
        "rna_number": organisation.rna_number,
        "siren": organisation.siren,
    }
    return OrganisationProfile(**(values | changes))


def test_renamed_and_moved_verified_organisation_keeps_its_verified_identity_in_public(
    client, association_admin, verified, paris_11e, paris_staff
):
    services.update_organisation(
        association_admin,
        verified,
        profile_of(verified, name="Institut du 11e", kind="institution", commune=paris_11e),
    )

    verified.refresh_from_db()
    assert (verified.name, verified.kind, verified.commune_id) == (
        "Les Jardins partagés",
        "association",
        "52448",
    )
    assert verified.status == VerificationStatus.VERIFIED
    paris_directory = client.get("/paris/annuaire/").content.decode()
    assert "Institut du 11e" not in paris_directory
    assert "Les Jardins partagés" not in paris_directory
    assert "Les Jardins partagés" in client.get("/saint-dizier/annuaire/").content.decode()
    change = IdentityChange.objects.get(organisation=verified)
    assert (change.status, change.name, change.commune_id) == (
        "pending",
        "Institut du 11e",
        "75111",
    )
    assert "organisations.identity_change.requested" in list(
        audit_trail(verified).values_list("action", flat=True)
    )


def test_other_fields_of_a_verified_organisation_change_at_once(association_admin, verified):
    services.update_organisation(
        association_admin, verified, profile_of(verified, short_description="Des potagers ouverts.")
    )

    verified.refresh_from_db()
    assert verified.short_description == "Des potagers ouverts."
    assert not IdentityChange.objects.exists()


def test_a_new_siren_waits_for_the_staff(association_admin, verified):
    services.update_organisation(
        association_admin, verified, profile_of(verified, siren="732829320")
    )

    verified.refresh_from_db()
    assert verified.siren == ""
    assert IdentityChange.objects.get().siren == "732829320"


def test_staff_of_the_new_place_are_told_of_the_change(
    association_admin,
    verified,
    paris_11e,
    paris_staff,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_organisation(
            association_admin, verified, profile_of(verified, commune=paris_11e)
        )

    mail = smtp_server.wait_for(1)[0]
    assert mail.to == ["paul@example.org"]
    assert "/organisations/verifications/identites/" in mail.body


def test_only_the_staff_of_the_new_place_may_approve(
    association_admin, verified, paris_11e, paris_staff, staff
):
    services.update_organisation(
        association_admin, verified, profile_of(verified, name="Institut du 11e", commune=paris_11e)
    )
    change = IdentityChange.objects.get()

    with pytest.raises(PermissionDenied):
        services.approve_identity_change(staff, change)
    with pytest.raises(PermissionDenied):
        services.approve_identity_change(association_admin, change)


def test_approved_change_becomes_public_and_stays_verified(
    client, association_admin, verified, paris_11e, paris_staff
):
    services.update_organisation(
        association_admin, verified, profile_of(verified, name="Institut du 11e", commune=paris_11e)
    )

    services.approve_identity_change(paris_staff, IdentityChange.objects.get())

    verified.refresh_from_db()
    assert (verified.name, verified.commune_id, verified.status) == (
        "Institut du 11e",
        "75111",
        VerificationStatus.VERIFIED,
    )
    assert (verified.latitude, verified.longitude) == (paris_11e.latitude, paris_11e.longitude)
    assert "Institut du 11e" in client.get("/paris/annuaire/?q=institut").content.decode()
    assert "Institut du 11e" not in client.get("/saint-dizier/annuaire/").content.decode()
    assert IdentityChange.objects.get().status == IdentityChangeStatus.APPROVED
    approved = audit_trail(verified).get(action="organisations.identity_change.approved")
    assert approved.data["before"]["name"] == "Les Jardins partagés"
    assert approved.data["after"]["commune"] == "75111"


def test_rejected_change_keeps_the_verified_identity_and_tells_the_managers(
    association_admin,
    verified,
    paris_11e,
    paris_staff,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    services.update_organisation(
        association_admin, verified, profile_of(verified, name="Institut du 11e", commune=paris_11e)
    )
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_identity_change(
            paris_staff, IdentityChange.objects.get(), reason="Aucune activité à Paris."
        )

    verified.refresh_from_db()
    assert verified.name == "Les Jardins partagés"
    mail = smtp_server.wait_for(1)[0]
    assert mail.to == ["alex@example.org"]
    assert "Aucune activité à Paris." in mail.body


def test_a_change_is_decided_once(association_admin, verified, paris_11e, paris_staff):
    services.update_organisation(
        association_admin, verified, profile_of(verified, commune=paris_11e)
    )
    change = IdentityChange.objects.get()
    services.approve_identity_change(paris_staff, change)

    with pytest.raises(ActionRefused):
        services.reject_identity_change(paris_staff, change, reason="Trop tard.")


def test_putting_the_verified_values_back_withdraws_the_request(association_admin, verified):
    services.update_organisation(association_admin, verified, profile_of(verified, name="Autre"))

    services.update_organisation(association_admin, verified, profile_of(verified))

    assert IdentityChange.objects.get().status == IdentityChangeStatus.WITHDRAWN


def test_a_second_edit_replaces_the_pending_request(association_admin, verified):
    services.update_organisation(association_admin, verified, profile_of(verified, name="Autre"))
    services.update_organisation(association_admin, verified, profile_of(verified, name="Encore"))

    assert list(IdentityChange.objects.values_list("name", "status")) == [("Encore", "pending")]


def test_an_unverified_organisation_changes_its_name_at_once(association_admin, saint_dizier):
    organisation = make_organisation(association_admin, saint_dizier)

    services.update_organisation(
        association_admin, organisation, profile_of(organisation, name="Neuf")
    )

    organisation.refresh_from_db()
    assert organisation.name == "Neuf"
    assert not IdentityChange.objects.exists()


def _edit_form(organisation: Organisation, **changes: str) -> dict[str, object]:
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "short_description": organisation.short_description,
        "description": organisation.description,
        "interests": [i.value for i in organisation.interest_list],
        "place": "52100",
        "rna_number": "",
        "siren": "",
        "website": "",
        "street_address": "",
    } | changes


def test_the_edit_form_says_the_change_waits_and_the_page_keeps_the_verified_name(
    client, association_admin, verified, paris_11e, paris_staff
):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{verified.slug}/modifier/",
        _edit_form(verified, name="Institut du 11e", place="75011"),
        follow=True,
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "attend la validation de l’équipe du territoire" in page
    assert "<h1>Les Jardins partagés <span" in page
    form = client.get(f"/organisations/{verified.slug}/modifier/").content.decode()
    assert 'value="Institut du 11e"' in form


def test_staff_approve_from_the_list_of_changes(
    client, association_admin, verified, paris_11e, paris_staff
):
    services.update_organisation(
        association_admin, verified, profile_of(verified, name="Institut du 11e", commune=paris_11e)
    )
    client.force_login(paris_staff)

    listing = client.get("/organisations/verifications/identites/").content.decode()
    response = client.post(f"/organisations/{verified.slug}/identite/valider/", follow=True)

    assert "Institut du 11e" in listing and "Les Jardins partagés" in listing
    assert response.status_code == 200
    verified.refresh_from_db()
    assert verified.name == "Institut du 11e"


def test_staff_of_another_territory_cannot_decide_and_outsiders_cannot_list(
    client, association_admin, verified, paris_11e, paris_staff, staff, outsider
):
    services.update_organisation(
        association_admin, verified, profile_of(verified, commune=paris_11e)
    )

    client.force_login(staff)
    assert client.post(f"/organisations/{verified.slug}/identite/valider/").status_code == 403
    assert client.get(f"/organisations/{verified.slug}/identite/refuser/").status_code == 403
    assert "Institut" not in client.get("/organisations/verifications/identites/").content.decode()
    client.force_login(outsider)
    assert client.get("/organisations/verifications/identites/").status_code == 403
    assert Client().post(f"/organisations/{verified.slug}/identite/valider/").status_code == 302
    verified.refresh_from_db()
    assert verified.commune_id == "52448"


def test_no_pending_change_is_a_404(client, verified, staff):
    client.force_login(staff)
    assert client.post(f"/organisations/{verified.slug}/identite/valider/").status_code == 404
