"""Messages are private and may carry a phone number or an address; the e-mail that tells of
one does not: it leaves the site, is forwarded, lands on shared screens."""

from typing import Any

import pytest

from entraide.messaging.models import Message
from entraide.messaging.services import reply, start_conversation_from_organisation

pytestmark = pytest.mark.django_db

WITH_DETAILS = "Appelez-moi au 06 12 34 56 78 ou écrivez à camille.perso@example.net, merci !"
MASKED = (
    "Appelez-moi au [coordonnées masquées, à lire sur le site] ou écrivez à "
    "[coordonnées masquées, à lire sur le site], merci !"
)


def assert_masked(mail: Any) -> None:
    assert MASKED in mail.body
    assert "06 12 34 56 78" not in mail.body
    assert "camille.perso@example.net" not in mail.body


def test_the_mail_of_a_new_conversation_masks_the_contact_details_of_its_text(
    write_to, organisation, association_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write_to(organisation, subject="Mon 06 12 34 56 78", body=WITH_DETAILS)

    (mail,) = mailoutbox
    assert_masked(mail)
    assert "06 12 34 56 78" not in mail.subject
    assert Message.objects.get().body == WITH_DETAILS  # the site shows the message whole


def test_the_mail_of_a_reply_masks_the_contact_details_of_its_text(
    conversation, association_admin, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply(association_admin, conversation, body=WITH_DETAILS)

    (mail,) = mailoutbox
    assert mail.to == ["camille@example.org"]
    assert_masked(mail)


def test_the_mail_of_an_organisation_writing_first_masks_the_contact_details(
    organisation, association_admin, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        start_conversation_from_organisation(
            association_admin, organisation, volunteer, subject="Un coup de main ?",
            body=WITH_DETAILS,
        )  # fmt: skip

    (mail,) = mailoutbox
    assert_masked(mail)
