"""The notification centre: in-app rows, e-mail by preference, unsubscribe without logging in,
the bell and the notifications pages."""

import copy
import smtplib
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from entraide.accounts.tests.factories import UserFactory
from entraide.core.enums import Delivery, Frequency
from entraide.core.models import Notification, NotificationPreference
from entraide.core.notifications import (
    ALWAYS_IMMEDIATE,
    DEFAULT_FREQUENCY,
    mark_read,
    notify,
    set_frequency,
    unsubscribe_token,
)

pytestmark = pytest.mark.django_db

KIND = "core.test_news"
EMAIL_TEMPLATES = {
    "core/email/test_news_subject.txt": "Nouvelles de {{ sender.public_name }}",
    "core/email/test_news.txt": "{{ sender.public_name }} vous écrit : {{ news }}.",
}
NOTIFICATIONS = reverse("core:notifications")
PREFERENCES = reverse("core:notification_preferences")


@pytest.fixture
def news_templates(settings: Any) -> None:
    """The kind `core.test_news`, from in-memory templates beside the apps' own."""
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", dict(EMAIL_TEMPLATES)),
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    settings.SITE_URL = "https://entraide.example"


@pytest.fixture
def raw_smtp(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The raw bytes handed to the SMTP server (headers included), still really sent."""
    sent: list[bytes] = []
    original = smtplib.SMTP.sendmail

    def spy(self: smtplib.SMTP, from_addr: str, to_addrs: Any, msg: Any, *args: Any) -> Any:
        raw = msg if isinstance(msg, bytes) else msg.encode()
        sent.append(raw)
        return original(self, from_addr, to_addrs, msg, *args)

    monkeypatch.setattr(smtplib.SMTP, "sendmail", spy)
    return sent


def tell(
    person: Any, sender: Any, *, news: str = "la collecte a lieu samedi", **extra: Any
) -> None:
    notify(person, KIND, {"sender": sender, "news": news, **extra})


def test_notify_writes_an_in_app_notification_titled_by_the_subject(
    news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(volunteer, outsider, url="/messages/12/")

    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.kind) == (volunteer, KIND)
    assert notification.title == "Nouvelles de Olivier P."
    assert notification.url == "/messages/12/"
    assert notification.read_at is None
    assert notification.delivery == Delivery.MAILED


def test_notify_derives_the_link_from_an_object_of_the_context(
    news_templates: None, volunteer: Any, outsider: Any
) -> None:
    class Thing:
        def get_absolute_url(self) -> str:
            return "/actions/7/"

    tell(volunteer, outsider, action=Thing())

    assert Notification.objects.get().url == "/actions/7/"


def test_immediate_mail_goes_over_smtp_with_an_unsubscribe_link_and_no_other_address(
    news_templates: None,
    smtp_server: Any,
    raw_smtp: list[bytes],
    volunteer: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        tell(volunteer, outsider)

    [mail] = smtp_server.wait_for(1)
    [raw_bytes] = raw_smtp
    raw = message_from_bytes(raw_bytes, policy=default_policy)
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "[entraide] Nouvelles de Olivier P."
    assert mail.body.startswith("Olivier P. vous écrit : la collecte a lieu samedi.")
    link = mail.link(r"https://entraide\.example/notifications/desabonnement/\S+")
    # One plain line, not encoded words, or mail clients would not offer their button.
    assert f"\r\nList-Unsubscribe: <{link}>\r\n".encode() in raw_bytes
    assert raw["List-Unsubscribe"] == f"<{link}>"
    assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert raw["From"] == django_settings.DEFAULT_FROM_EMAIL
    assert raw["Reply-To"] is None
    assert "olivier@example.org" not in raw.as_string()


def test_never_preference_sends_no_mail_but_keeps_the_in_app_notification(
    news_templates: None,
    smtp_server: Any,
    volunteer: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    set_frequency(volunteer, KIND, Frequency.NEVER)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tell(volunteer, outsider)

    assert callbacks == []
    assert Notification.objects.get().delivery == Delivery.NOT_MAILED


def test_time_critical_kinds_are_mailed_whatever_the_preference(
    news_templates: None,
    settings: Any,
    smtp_server: Any,
    raw_smtp: list[bytes],
    volunteer: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("entraide.core.notifications.ALWAYS_IMMEDIATE", frozenset({KIND}))
    NotificationPreference.objects.create(person=volunteer, kind=KIND, frequency=Frequency.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        tell(volunteer, outsider)

    [mail] = smtp_server.wait_for(1)
    assert "toujours envoyé" in mail.body
    assert "desabonnement" not in mail.body
    assert b"List-Unsubscribe" not in raw_smtp[0]


def test_the_reminder_and_the_offered_place_are_always_immediate() -> None:
    assert {"actions.reminder_two_days", "actions.place_offered"} == ALWAYS_IMMEDIATE


# --- Unsubscribe, without logging in


def unsubscribe_path(person: Any, kind: str = KIND) -> str:
    return reverse("core:unsubscribe", args=[unsubscribe_token(person, kind)])


def test_unsubscribe_link_from_the_mail_works_logged_out(
    news_templates: None,
    smtp_server: Any,
    volunteer: Any,
    outsider: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        tell(volunteer, outsider)
    link = smtp_server.last_link(r"https://entraide\.example/notifications/desabonnement/\S+")
    path = link.removeprefix("https://entraide.example")
    client = Client(enforce_csrf_checks=True)

    page = client.get(path)
    assert page.status_code == 200
    assert NotificationPreference.objects.count() == 0

    # A mail client's one-click unsubscribe carries no CSRF token.
    done = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert "Vous ne recevrez plus" in done.text
    assert NotificationPreference.objects.get(person=volunteer, kind=KIND).frequency == (
        Frequency.NEVER
    )


def test_tampered_unsubscribe_token_shows_a_friendly_error(client: Any, volunteer: Any) -> None:
    path = unsubscribe_path(volunteer)
    tampered = path.replace("/desabonnement/", "/desabonnement/x")

    response = client.post(tampered)

    assert response.status_code == 400
    assert "Ce lien de désabonnement n’est pas valable" in response.text
    assert NotificationPreference.objects.count() == 0


def test_unsubscribe_cannot_silence_a_time_critical_kind(client: Any, volunteer: Any) -> None:
    response = client.post(unsubscribe_path(volunteer, "actions.place_offered"))

    assert response.status_code == 200
    assert "ne peuvent pas être désactivés" in response.text
    assert NotificationPreference.objects.count() == 0


# --- The bell and the notifications page


def test_bell_shows_the_unread_count(
    client: Any, news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(volunteer, outsider)
    tell(volunteer, outsider)
    tell(outsider, volunteer)
    mark_read(volunteer, [Notification.objects.filter(recipient=volunteer).first().pk])  # type: ignore[union-attr]
    tell(volunteer, outsider)
    client.force_login(volunteer)

    page = client.get(PREFERENCES)

    assert (
        '<span class="badge bell__count">2<span class="visually-hidden"> non lues</span></span>'
        in page.text
    )


def test_notifications_page_sends_anonymous_visitors_to_login(client: Any) -> None:
    response = client.get(NOTIFICATIONS)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_notifications_page_lists_only_ones_own(
    client: Any, news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(volunteer, outsider, news="pour Camille")
    tell(outsider, volunteer, news="pour Olivier")
    client.force_login(volunteer)

    page = client.get(NOTIFICATIONS)

    assert page.status_code == 200
    assert "Nouvelles de Olivier P." in page.text
    assert "Nouvelles de Camille D." not in page.text


def test_notifications_page_query_count_does_not_grow_with_the_items(
    client: Any, news_templates: None, volunteer: Any, outsider: Any, list_queries: Any
) -> None:
    def queries(count: int) -> int:
        return list_queries(
            lambda: client.get(NOTIFICATIONS),
            items=lambda page: page.text.count("Nouvelles de Olivier P."),
            expected=count * 2,  # the title and the hidden label
        )

    client.force_login(volunteer)
    tell(volunteer, outsider)
    with_one = queries(1)
    tell(volunteer, outsider)
    tell(volunteer, outsider)

    assert queries(3) == with_one


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client: Any, news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(volunteer, outsider, url="/messages/12/")
    notification = Notification.objects.get()
    client.force_login(volunteer)

    response = client.post(reverse("core:notification_open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.status_code == 302
    assert response.url == "/messages/12/"
    assert notification.read_at is not None


def test_opening_someone_elses_notification_changes_nothing(
    client: Any, news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(outsider, volunteer, url="/messages/12/")
    notification = Notification.objects.get()
    client.force_login(volunteer)

    response = client.post(reverse("core:notification_open", args=[notification.pk]))

    notification.refresh_from_db()
    assert response.url == NOTIFICATIONS
    assert notification.read_at is None


def test_open_refuses_get(client: Any, news_templates: None, volunteer: Any, outsider: Any) -> None:
    tell(volunteer, outsider)
    client.force_login(volunteer)

    response = client.get(reverse("core:notification_open", args=[Notification.objects.get().pk]))

    assert response.status_code == 405
    assert Notification.objects.get().read_at is None


def test_mark_all_read_reads_only_ones_own(
    client: Any, news_templates: None, volunteer: Any, outsider: Any
) -> None:
    tell(volunteer, outsider)
    tell(volunteer, outsider)
    tell(outsider, volunteer)
    client.force_login(volunteer)

    client.post(reverse("core:notifications_read_all"))

    unread = Notification.objects.filter(read_at__isnull=True)
    assert [n.recipient for n in unread] == [outsider]


# --- Preferences


def test_preferences_page_sends_anonymous_visitors_to_login(client: Any) -> None:
    response = client.get(PREFERENCES)

    assert response.status_code == 302


def test_preferences_page_lists_the_kinds_with_a_radio_each(client: Any, volunteer: Any) -> None:
    client.force_login(volunteer)

    page = client.get(PREFERENCES)

    assert "Réponse dans une conversation" in page.text
    assert 'name="messaging__new_reply" value="digest"' in page.text
    assert 'name="actions__place_offered"' not in page.text  # always mailed at once


def test_a_citizens_preferences_offer_no_kind_only_staff_or_organisations_receive(
    client: Any, volunteer: Any
) -> None:
    client.force_login(volunteer)

    page = client.get(PREFERENCES)

    assert "équipe du territoire" not in page.text
    assert "Organisation à vérifier" not in page.text
    assert "Nouveau message adressé à mon organisation" not in page.text
    assert "Rappel la veille d’une action" in page.text


def test_territory_staff_and_organisation_admins_see_the_kinds_they_receive(
    client: Any, staff: Any, association_admin: Any, saint_dizier: Any
) -> None:
    from entraide.organisations.tests.factories import make_organisation

    make_organisation(association_admin, saint_dizier, verified_by=staff)
    client.force_login(staff)
    staff_page = client.get(PREFERENCES)
    client.force_login(association_admin)
    admin_page = client.get(PREFERENCES)

    assert "Organisation à vérifier (équipe du territoire)" in staff_page.text
    assert "Nouveau message adressé à mon organisation" not in staff_page.text
    assert "Nouveau message adressé à mon organisation" in admin_page.text
    assert "Organisation à vérifier (équipe du territoire)" not in admin_page.text


def test_saving_preferences_records_each_choice(client: Any, volunteer: Any) -> None:
    client.force_login(volunteer)
    data = {
        field: "immediately"
        for field in client.get(PREFERENCES).context["form"].fields  # every kind
    }
    data["messaging__new_reply"] = "digest"
    data["actions__action_cancelled"] = "never"

    response = client.post(PREFERENCES, data)

    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(person=volunteer).values_list("kind", "frequency")
    ) == {
        "messaging.new_reply": "digest",
        "actions.action_cancelled": "never",
        # And the kinds whose default is not « immediately », now chosen so.
        **{
            kind: "immediately"
            for kind, when in DEFAULT_FREQUENCY.items()
            if when != "immediately"
            and kind not in {"messaging.new_reply", "actions.action_cancelled"}
        },
    }


def test_someone_without_email_still_gets_the_in_app_notification(
    news_templates: None, outsider: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(email="sans-adresse@example.org")
    person.email = ""

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tell(person, outsider)

    assert callbacks == []
    assert Notification.objects.get().delivery == Delivery.NOT_MAILED
