"""« Je participe » clicked before having an account: the click is kept with the new account and
completed on whichever device opens the verification link (issue 11, item 6)."""

import datetime as dt
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.utils.formats import date_format
from django.utils.timezone import localtime

from entraide.accounts.models import User
from entraide.accounts.tests.factories import PASSWORD
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import JoinIntent, Participation
from entraide.actions.tests.factories import first_slot, make_action

pytestmark = pytest.mark.django_db

VERIFICATION_LINK = r"http://testserver/comptes/confirm-email/\S+/"


def join_url(slot):
    return f"/actions/creneaux/{slot.pk}/participer/"


def flashes(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def click_then_sign_up(desktop, slot, *, companions=0, capture=None):
    """On the desktop: « Je participe », then the sign-up form reached from the login page."""
    to_login = desktop.post(join_url(slot), {f"slot{slot.pk}-companions": companions})
    next_url = join_url(slot)
    assert to_login["Location"] == f"/comptes/login/?next={next_url}"
    data = {
        "first_name": "Nina",
        "last_name": "Roux",
        "email": "nina@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_charter": "on",
        "next": next_url,
    }
    with capture(execute=True):
        response = desktop.post(f"/comptes/signup/?next={next_url}", data)
    assert response.status_code == 302
    return User.objects.get(email="nina@example.org")


def verify_on(device, smtp_server, capture):
    link = urlsplit(smtp_server.last_link(VERIFICATION_LINK)).path
    smtp_server.clear()
    with capture(execute=True):
        return device.post(link, follow=True)


def test_a_join_clicked_before_sign_up_completes_when_the_phone_opens_the_verification_link(
    client, association_admin, organisation, smtp_server, django_capture_on_commit_callbacks
):
    action = make_action(association_admin, organisation, max_companions=2)
    slot = first_slot(action)
    newcomer = click_then_sign_up(
        client, slot, companions=1, capture=django_capture_on_commit_callbacks
    )

    phone = Client()
    landing = verify_on(phone, smtp_server, django_capture_on_commit_callbacks)

    participation = Participation.objects.get(person=newcomer, slot=slot)
    assert participation.status == ParticipationStatus.CONFIRMED
    assert participation.companions == 1
    assert landing.redirect_chain[-1][0] == action.get_absolute_url()
    assert "Vous êtes inscrit·e à « Chantier au jardin partagé »" in " ".join(flashes(landing))
    [confirmation] = smtp_server.wait_for(1)
    assert confirmation.to == ["nina@example.org"]
    assert JoinIntent.objects.filter(person=newcomer).count() == 0


def test_a_join_kept_with_the_account_goes_through_the_waiting_list_when_the_slot_filled(
    client, association_admin, organisation, volunteer, smtp_server,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from entraide.actions import services

    slot = first_slot(make_action(association_admin, organisation, capacity=1))
    newcomer = click_then_sign_up(client, slot, capture=django_capture_on_commit_callbacks)
    services.join_slot(volunteer, slot)  # the last place goes meanwhile

    landing = verify_on(Client(), smtp_server, django_capture_on_commit_callbacks)

    assert Participation.objects.get(person=newcomer).status == ParticipationStatus.WAITLISTED
    assert "liste d’attente" in " ".join(flashes(landing))


def test_a_join_needing_approval_asks_for_the_motivation_after_verification(
    client, association_admin, organisation, smtp_server, django_capture_on_commit_callbacks
):
    slot = first_slot(make_action(association_admin, organisation, requires_approval=True))
    newcomer = click_then_sign_up(client, slot, capture=django_capture_on_commit_callbacks)

    landing = verify_on(client, smtp_server, django_capture_on_commit_callbacks)

    assert not Participation.objects.filter(person=newcomer).exists()
    assert landing.redirect_chain[-1][0] == join_url(slot)
    assert "Demander à participer" in landing.content.decode()


def test_a_join_kept_with_the_account_expires(
    client, association_admin, organisation, smtp_server, django_capture_on_commit_callbacks,
    monkeypatch,
):  # fmt: skip
    from django.utils import timezone

    slot = first_slot(make_action(association_admin, organisation, starts_in=dt.timedelta(days=9)))
    newcomer = click_then_sign_up(client, slot, capture=django_capture_on_commit_callbacks)
    later = timezone.now() + dt.timedelta(days=8)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)

    verify_on(Client(), smtp_server, django_capture_on_commit_callbacks)

    assert not Participation.objects.filter(person=newcomer).exists()
    assert JoinIntent.objects.filter(person=newcomer).count() == 0


def test_verifying_on_the_same_device_joins_once_and_shows_the_action(
    client, association_admin, organisation, smtp_server, django_capture_on_commit_callbacks
):
    action = make_action(association_admin, organisation)
    slot = first_slot(action)
    newcomer = click_then_sign_up(client, slot, capture=django_capture_on_commit_callbacks)

    landing = verify_on(client, smtp_server, django_capture_on_commit_callbacks)

    assert Participation.objects.get(person=newcomer).status == ParticipationStatus.CONFIRMED
    assert landing.redirect_chain[-1][0] == action.get_absolute_url()
    assert not any("déjà inscrit" in message for message in flashes(landing))


# --- The log-in page reached from « Je participe » (item 12) --------------------------------


def test_the_login_page_after_je_participe_names_the_action_and_offers_sign_up_prominently(
    client, association_admin, organisation
):
    action = make_action(association_admin, organisation, title="Maraude du soir")
    slot = first_slot(action)

    page = client.post(join_url(slot), follow=True)

    html = page.content.decode()
    assert page.redirect_chain[-1][0] == f"/comptes/login/?next={join_url(slot)}"
    assert "Vous vous inscrivez à « Maraude du soir »" in html
    assert date_format(localtime(slot.starts_at), "j F Y") in html
    assert (
        f'<a class="button" href="/comptes/signup/?next={quote(join_url(slot), safe="")}">'
        "Créer mon compte</a>"
    ) in html


def test_the_sign_up_page_after_je_participe_names_the_action_too(
    client, association_admin, organisation
):
    slot = first_slot(make_action(association_admin, organisation, title="Maraude du soir"))
    client.post(join_url(slot))

    page = client.get(f"/comptes/signup/?next={join_url(slot)}")

    assert "Vous vous inscrivez à « Maraude du soir »" in page.content.decode()


def test_the_login_page_without_je_participe_names_no_action(client, db):
    page = client.get("/comptes/login/")

    assert "Vous vous inscrivez" not in page.content.decode()
    assert 'href="/comptes/signup/">Créer mon compte</a>' in page.content.decode()


def test_the_login_page_names_no_action_of_an_unknown_or_draft_slot(
    client, association_admin, organisation
):
    draft = first_slot(make_action(association_admin, organisation, publish=False))

    pages = [
        client.get(f"/comptes/login/?next={join_url(draft)}"),
        client.get("/comptes/login/?next=/actions/creneaux/999999/participer/"),
    ]

    assert [("Vous vous inscrivez" in page.content.decode()) for page in pages] == [False, False]
