"""Messaging fixtures, built on the shared personas: `association_admin` owns `organisation`
(verified by `staff`), `co_admin` and `plain_member` belong to it, `volunteer` writes to it."""

from collections.abc import Callable
from typing import Any

import pytest

from entraide.accounts.tests.factories import UserFactory
from entraide.messaging.models import Conversation
from entraide.messaging.services import start_conversation
from entraide.organisations.enums import Role
from entraide.organisations.models import Organisation
from entraide.organisations.services import (
    OrganisationProfile,
    accept_invitation,
    create_organisation,
    invite_member,
    verify_organisation,
)


@pytest.fixture(autouse=True)
def _mail_runs_at_once(settings: Any) -> None:
    """Queued e-mails are sent as soon as they are enqueued; the test environment already sends
    them to `mailoutbox` (locmem), and Django 6.1 deprecates setting EMAIL_BACKEND."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    settings.SITE_URL = "https://entraide.example"


def _organisation(owner: Any, commune: Any, name: str) -> Organisation:
    return create_organisation(
        owner,
        OrganisationProfile(
            name=name,
            kind="association",
            short_description="Une association de Saint-Dizier.",
            commune=commune,
        ),
    )


@pytest.fixture
def organisation(association_admin: Any, staff: Any, saint_dizier: Any) -> Organisation:
    """ "Les Restos du Cœur de Saint-Dizier", verified, owned by `association_admin`."""
    organisation = _organisation(association_admin, saint_dizier, "Les Restos du Cœur")
    return verify_organisation(staff, organisation)


@pytest.fixture
def unverified_organisation(outsider: Any, saint_dizier: Any) -> Organisation:
    return _organisation(outsider, saint_dizier, "Collectif en attente")


def _join(organisation: Organisation, owner: Any, person: Any, role: str) -> Any:
    invitation = invite_member(owner, organisation, email=person.email, role=role)
    accept_invitation(person, invitation)
    return person


@pytest.fixture
def co_admin(organisation: Organisation, association_admin: Any) -> Any:
    """Jeanne Leroy, admin of `organisation`: she shares its inbox."""
    person = UserFactory(email="jeanne@example.org", first_name="Jeanne", last_name="Leroy")
    return _join(organisation, association_admin, person, Role.ADMIN)


@pytest.fixture
def plain_member(organisation: Organisation, association_admin: Any) -> Any:
    """Paul Garnier, a plain member of `organisation`: not a manager, no access to its inbox."""
    person = UserFactory(email="paul@example.org", first_name="Paul", last_name="Garnier")
    return _join(organisation, association_admin, person, Role.MEMBER)


@pytest.fixture
def write_to(volunteer: Any) -> Callable[..., Conversation]:
    """Start a conversation through the service (by `volunteer` unless `author` is given)."""

    def write(
        organisation: Organisation,
        *,
        author: Any = None,
        subject: str = "Bénévolat le samedi",
        body: str = "Bonjour, je peux aider à la distribution le samedi matin.",
    ) -> Conversation:
        return start_conversation(author or volunteer, organisation, subject=subject, body=body)

    return write


@pytest.fixture
def conversation(organisation: Organisation, write_to: Callable[..., Conversation]) -> Conversation:
    return write_to(organisation)
