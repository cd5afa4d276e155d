"""An organisation's managers write, publish, close and cancel actions (organiser_views)."""

import pytest

from entraide.actions import services
from entraide.actions.enums import ActionStatus, ParticipationStatus, Skill
from entraide.actions.models import Action, Participation
from entraide.actions.tests.factories import first_slot, make_action
from entraide.organisations.enums import Interest
from entraide.organisations.tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def action_data(**changes):
    data = {
        "kind": "mission",
        "title": "Atelier de réparation de vélos",
        "description": "**Réparons** ensemble les vélos du quartier.",
        "interests": [Interest.ENVIRONMENT.value, Interest.SOLIDARITY.value],
        "skills": [Skill.DIY.value, Skill.LOGISTICS.value],
        "street_address": "3 rue du Pont",
        "place": "Chancenay",
        "accessibility_notes": "Local de plain-pied.",
        "open_to_minors": "on",
        "max_companions": "2",
        "requires_approval": "on",
        "waitlist_mode": "automatic",
        "offer_hours": "6",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_create_action_through_the_form_saves_every_field_as_a_draft(
    client, association_admin, organisation
):
    client.force_login(association_admin)

    response = client.post(f"/organisations/{organisation.slug}/actions/nouvelle/", action_data())

    action = Action.objects.get()
    assert response.status_code == 302
    assert response.url == f"/actions/{action.pk}/creneaux/"
    assert action.status == ActionStatus.DRAFT
    assert action.title == "Atelier de réparation de vélos"
    assert action.commune.insee_code == "52104"
    assert (action.latitude, action.longitude) == (
        action.commune.latitude,
        action.commune.longitude,
    )
    assert action.interests == (1 << Interest.SOLIDARITY) | (1 << Interest.ENVIRONMENT)
    assert action.skills == (1 << Skill.DIY) | (1 << Skill.LOGISTICS)
    assert action.street_address == "3 rue du Pont"
    assert action.accessibility_notes == "Local de plain-pied."
    assert action.open_to_minors is True
    assert action.max_companions == 2
    assert action.requires_approval is True
    assert action.waitlist_mode == "automatic"
    assert action.offer_hours == 6
    assert action.created_by == association_admin


def test_remote_action_needs_no_place_and_keeps_the_organisation_commune(
    client, association_admin, organisation
):
    client.force_login(association_admin)

    client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        action_data(is_remote="on", place="", street_address="3 rue du Pont"),
    )

    action = Action.objects.get()
    assert action.is_remote is True
    assert action.commune == organisation.commune
    assert action.latitude is None
    assert action.street_address == ""


def test_action_without_place_and_not_remote_is_refused_next_to_the_place(
    client, association_admin, organisation
):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/", action_data(place="")
    )

    assert response.status_code == 200
    assert 'id="id_place_error"' in response.content.decode()
    assert Action.objects.count() == 0


def test_unknown_postcode_is_refused_next_to_the_place(client, association_admin, organisation):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/", action_data(place="99999")
    )

    body = response.content.decode()
    assert 'id="id_place_error"' in body
    assert "99999" in body
    assert Action.objects.count() == 0


def test_broadcast_without_stream_link_is_refused(client, association_admin, organisation):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        action_data(kind="broadcast", is_remote="on", place=""),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_stream_url_error"' in body
    assert "Indiquez le lien où suivre la diffusion en direct." in body
    assert Action.objects.count() == 0


def test_broadcast_with_stream_link_is_saved(client, association_admin, organisation):
    client.force_login(association_admin)

    client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/",
        action_data(kind="broadcast", is_remote="on", place="", stream_url="example.org/live"),
    )

    assert Action.objects.get().stream_url == "https://example.org/live"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_companions", "11"),
        ("max_companions", "-1"),
        ("offer_hours", "0"),
        ("offer_hours", "73"),
    ],
)
def test_out_of_range_numbers_are_refused_next_to_their_field(
    client, association_admin, organisation, field, value
):
    client.force_login(association_admin)

    response = client.post(
        f"/organisations/{organisation.slug}/actions/nouvelle/", action_data(**{field: value})
    )

    assert f'id="id_{field}_error"' in response.content.decode()
    assert Action.objects.count() == 0


def test_edit_action_updates_it_and_its_slots_copies(client, association_admin, organisation):
    action = make_action(association_admin, organisation)
    client.force_login(association_admin)

    form = client.get(f"/actions/{action.pk}/modifier/")
    response = client.post(
        f"/actions/{action.pk}/modifier/",
        action_data(title="Chantier d’automne", place="Saint-Dizier", open_to_minors=None),
    )

    action.refresh_from_db()
    assert 'value="Chantier au jardin partagé"' in form.content.decode()
    assert response.status_code == 302
    assert action.title == "Chantier d’automne"
    assert first_slot(action).open_to_minors is False
    assert first_slot(action).skills == action.skills


def test_publish_without_slot_is_refused_with_a_message(client, association_admin, organisation):
    action = make_action(association_admin, organisation, publish=False, slots=0)
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/publier/", follow=True)

    action.refresh_from_db()
    assert action.status == ActionStatus.DRAFT
    assert "Ajoutez au moins un créneau à venir avant de publier." in response.content.decode()


def test_publish_lists_the_slots_in_the_agenda(client, association_admin, organisation):
    action = make_action(association_admin, organisation, publish=False, slots=2)
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/publier/")

    action.refresh_from_db()
    assert response.status_code == 302
    assert action.status == ActionStatus.PUBLISHED
    assert [slot.is_listed for slot in action.slots.all()] == [True, True]


def test_unverified_organisation_cannot_publish(client, association_admin, saint_dizier):
    pending = make_organisation(association_admin, saint_dizier, name="En attente")
    action = make_action(association_admin, pending, publish=False)
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/publier/", follow=True)

    action.refresh_from_db()
    assert action.status == ActionStatus.DRAFT
    assert "doit être vérifiée" in response.content.decode()


def test_close_stops_listing_and_keeps_the_participants(
    client, association_admin, organisation, volunteer
):
    action = make_action(association_admin, organisation)
    participation = services.join_slot(volunteer, first_slot(action))
    client.force_login(association_admin)

    client.post(f"/actions/{action.pk}/cloturer/")

    action.refresh_from_db()
    participation.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert first_slot(action).is_listed is False
    assert participation.status == ParticipationStatus.CONFIRMED


def test_close_a_draft_is_refused_with_a_message(client, association_admin, organisation):
    action = make_action(association_admin, organisation, publish=False)
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/cloturer/", follow=True)

    action.refresh_from_db()
    assert action.status == ActionStatus.DRAFT
    assert "Seule une action publiée peut être clôturée." in response.content.decode()


def test_cancel_asks_for_confirmation_first(client, association_admin, organisation):
    action = make_action(association_admin, organisation)
    client.force_login(association_admin)

    response = client.get(f"/actions/{action.pk}/annuler/")

    action.refresh_from_db()
    assert response.status_code == 200
    assert "On ne peut pas revenir en arrière." in response.content.decode()
    assert action.status == ActionStatus.PUBLISHED


def test_cancel_without_reason_changes_nothing(client, association_admin, organisation):
    action = make_action(association_admin, organisation)
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/annuler/", {"reason": "  "})

    action.refresh_from_db()
    assert 'id="id_reason_error"' in response.content.decode()
    assert action.status == ActionStatus.PUBLISHED


def test_cancel_tells_every_participant_by_email_with_the_reason(
    client, association_admin, organisation, volunteer, outsider, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    action = make_action(association_admin, organisation, slots=2)
    first, second = action.slots.order_by("starts_at")
    services.join_slot(volunteer, first)
    services.join_slot(outsider, second)
    # (their confirmations wait for a commit that never comes in this test's transaction)
    client.force_login(association_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/actions/{action.pk}/annuler/", {"reason": "Le jardin est inondé."}
        )

    smtp_server.wait_for(2)
    mails = smtp_server.messages
    action.refresh_from_db()
    assert response.status_code == 302
    assert action.status == ActionStatus.CANCELLED
    assert sorted(to for mail in mails for to in mail.to) == [
        "camille@example.org",
        "olivier@example.org",
    ]
    assert all(len(mail.to) == 1 for mail in mails)
    assert all("Le jardin est inondé." in mail.body for mail in mails)
    assert set(Participation.objects.values_list("status", flat=True)) == {
        ParticipationStatus.CANCELLED
    }


def test_organisation_actions_lists_drafts_and_published_with_badges(
    client, association_admin, organisation
):
    make_action(association_admin, organisation, title="Brouillon d’hiver", publish=False)
    make_action(association_admin, organisation, title="Chantier publié")
    client.force_login(association_admin)

    response = client.get(f"/organisations/{organisation.slug}/actions/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Brouillon d’hiver" in body
    assert "Chantier publié" in body
    assert "badge--pending" in body
    assert "Prochain créneau" in body


def test_organisation_actions_paginates_and_survives_a_bad_page(
    client, association_admin, organisation
):
    for number in range(21):
        make_action(
            association_admin, organisation, title=f"Action {number:02d}", publish=False, slots=0
        )
    client.force_login(association_admin)

    second = client.get(f"/organisations/{organisation.slug}/actions/", {"page": 2})
    bad = client.get(f"/organisations/{organisation.slug}/actions/", {"page": "abc"})

    assert second.content.decode().count('class="card"') == 1
    assert bad.status_code == 200


def test_organisation_page_links_managers_to_actions(client, association_admin, organisation):
    client.force_login(association_admin)

    body = client.get(organisation.get_absolute_url()).content.decode()

    assert f'href="/organisations/{organisation.slug}/actions/"' in body


def test_organisation_actions_query_count_is_the_same_for_one_and_three_actions(
    client, association_admin, organisation, list_queries
):
    client.force_login(association_admin)

    def queries(count):
        return list_queries(
            lambda: client.get(f"/organisations/{organisation.slug}/actions/"),
            items=lambda r: r.content.decode().count('class="card"'),
            expected=count,
        )

    make_action(association_admin, organisation, slots=2)
    with_one = queries(1)
    make_action(association_admin, organisation, slots=1)
    make_action(association_admin, organisation, publish=False, slots=0)
    assert queries(3) == with_one


@pytest.mark.parametrize(
    ("participants", "said"),
    [
        (0, "L’action est annulée. Personne n’y était inscrit."),
        (1, "L’action est annulée. La personne inscrite est prévenue par e-mail."),
        (2, "L’action est annulée. Les 2 personnes inscrites sont prévenues par e-mail."),
    ],
)
def test_cancelling_says_how_many_participants_are_told(
    client, association_admin, organisation, volunteer, outsider, participants, said
):
    action = make_action(association_admin, organisation)
    for person in [volunteer, outsider][:participants]:
        services.join_slot(person, action.slots.get())
    client.force_login(association_admin)

    response = client.post(f"/actions/{action.pk}/annuler/", {"reason": "Il pleut."}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [said]
