import copy

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from entraide.core.notifications import notify, render_email

EMAIL_TEMPLATES = {
    "core/email/test_hello_subject.txt": "Bonjour\n {{ recipient.first_name }}  ",
    "core/email/test_hello.txt": "Une nouvelle pour vous : {{ news }}.\n{{ site_url }}/\n",
}


@pytest.fixture
def email_templates(settings):
    """The kind `core.test_hello`, from in-memory templates beside the apps' own."""
    templates = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", EMAIL_TEMPLATES),
        "django.template.loaders.app_directories.Loader",
    ]
    email_templates = dict(EMAIL_TEMPLATES)
    templates[0]["OPTIONS"]["loaders"][0] = (
        "django.template.loaders.locmem.Loader",
        email_templates,
    )
    settings.TEMPLATES = templates
    return email_templates


def test_render_email_reads_subject_and_body_templates_of_the_kind(email_templates, volunteer):
    rendered = render_email("core.test_hello", {"recipient": volunteer, "news": "rien"})

    assert rendered.subject == "Bonjour Camille"
    assert rendered.body == f"Une nouvelle pour vous : rien.\n{django_settings.SITE_URL}/\n"


def test_notify_sends_a_real_email_over_smtp_after_commit(
    email_templates, smtp_server, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(volunteer, "core.test_hello", {"news": "votre inscription est validée"})
        assert smtp_server.messages == []

    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "[entraide] Bonjour Camille"
    assert "votre inscription est validée" in mail.body


def test_notify_sends_nothing_when_the_transaction_rolls_back(
    email_templates, smtp_server, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(volunteer, "core.test_hello", {"news": "annulée"})
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert smtp_server.messages == []


def test_notify_skips_inactive_people(
    email_templates, smtp_server, volunteer, django_capture_on_commit_callbacks
):
    volunteer.is_active = False

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(volunteer, "core.test_hello", {"news": "x"})

    assert callbacks == []


def test_notify_renders_in_the_recipients_language(
    email_templates, smtp_server, volunteer, django_capture_on_commit_callbacks, settings
):
    email_templates["core/email/test_hello.txt"] = (
        "{% load i18n %}{% get_current_language as lang %}{{ lang }}"
    )
    volunteer.language = "en"

    with django_capture_on_commit_callbacks(execute=True):
        notify(volunteer, "core.test_hello", {})

    [mail] = smtp_server.wait_for(1)
    assert mail.body.splitlines()[0] == "en"
