"""A development install (`make run`) signs its links with a key of its own, so links signed with
the public demo key of settings.py (a reminder's "Je ne peux pas", an address confirmation) are
refused there. Tests alone use the demo key."""

import stat

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.core import signing
from django.test import override_settings

from entraide.accounts.tests.factories import UserFactory
from entraide.actions import services
from entraide.actions.enums import ParticipationStatus
from entraide.actions.reminder_access import REMINDER_SALT, read_reminder_token
from entraide.actions.tests.factories import first_slot, make_action
from entraide.core.tests.test_settings import run_manage
from entraide.organisations.tests.factories import make_organisation

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def development_key(key_file) -> str:
    """The key the settings of `make run` use (no SECRET_KEY, no ENTRAIDE_TESTING)."""
    result = run_manage("shell", "-v", "0", "-c", PRINT_KEY, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def organisation(association_admin, saint_dizier, staff):
    return make_organisation(association_admin, saint_dizier, name="Les Jardins", verified_by=staff)


@pytest.fixture(scope="module")
def install_key(tmp_path_factory) -> str:
    return development_key(tmp_path_factory.mktemp("var") / "secret_key")


def test_development_install_makes_its_own_key_once_and_reuses_it(tmp_path):
    key_file = tmp_path / "secret_key"

    first = development_key(key_file)
    again = development_key(key_file)

    assert first != settings.DEMO_SECRET_KEY
    assert len(first) >= 50
    assert again == first
    assert key_file.read_text().strip() == first
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_two_installs_get_different_keys(tmp_path):
    assert development_key(tmp_path / "one") != development_key(tmp_path / "two")


def test_an_unusable_key_file_stops_the_start_with_a_clear_message(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("\n")

    result = run_manage("check", SECRET_KEY_FILE=str(key_file))

    assert result.returncode != 0
    assert "holds no usable secret key" in result.stderr


@pytest.mark.django_db
def test_reminder_link_forged_with_the_demo_key_cancels_nothing_on_a_development_install(
    client, association_admin, organisation, volunteer, install_key
):
    participation = services.join_slot(
        volunteer, first_slot(make_action(association_admin, organisation))
    )
    forged = signing.dumps(
        {"p": participation.pk, "a": "cannot"}, key=settings.DEMO_SECRET_KEY, salt=REMINDER_SALT
    )
    # Where the demo key signs (as `make run` did), this link cancels the place.
    assert read_reminder_token(forged) == (participation.pk, "cannot")

    with override_settings(SECRET_KEY=install_key):
        response = client.post(f"/actions/rappel/{forged}/")

    assert response.status_code == 400
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.CONFIRMED


@pytest.mark.django_db
def test_address_confirmation_forged_with_the_demo_key_confirms_nothing_on_a_development_install(
    client, install_key
):
    person = UserFactory(email="quelquun@example.org", verified=False)
    address = EmailAddress.objects.get(user=person)
    forged = signing.dumps(address.pk, key=settings.DEMO_SECRET_KEY, salt="account")
    # Where the demo key signs (as `make run` did), this key confirms the address.
    assert EmailConfirmationHMAC.from_key(forged) is not None

    with override_settings(SECRET_KEY=install_key):
        client.post(f"/comptes/confirm-email/{forged}/")

    address.refresh_from_db()
    assert not address.verified
