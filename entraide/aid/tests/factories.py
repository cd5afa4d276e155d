"""Requests for help for the tests, posted through the service as the site posts them, their
fan-out run at once. Connections are written as accepted rows: how two people came to know
each other is community's business, tested there."""

from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from entraide.accounts.models import User
from entraide.aid import services
from entraide.aid.enums import AidAudience, AidCategory, AidKind
from entraide.aid.models import AidRequest
from entraide.community.enums import ConnectionStatus
from entraide.community.models import Connection, PersonBlock
from entraide.territories.tests.factories import CommuneFactory


def saint_dizier() -> Any:
    return CommuneFactory(
        insee_code="52448", name="Saint-Dizier", latitude=48.6383, longitude=4.9497
    )


def befriend(a: User, b: User, *, status: str = ConnectionStatus.ACCEPTED) -> Connection:
    first, second = (a, b) if a.pk < b.pk else (b, a)
    now = timezone.now()
    return Connection.objects.create(
        first=first, second=second, asked_by=a, status=status, asked_at=now, changed_at=now
    )


def block(blocker: User, blocked: User) -> PersonBlock:
    return PersonBlock.objects.create(blocker=blocker, blocked=blocked)


def post_request(author: User, **kwargs: Any) -> AidRequest:
    """A request posted by `author`, its fan-out run (the tests' tasks run on commit)."""
    kwargs.setdefault("kind", AidKind.DEMANDE)
    kwargs.setdefault("category", AidCategory.OBJECT)
    kwargs.setdefault("title", "Une perceuse pour le week-end")
    kwargs.setdefault("text", "Je cherche une perceuse à emprunter samedi et dimanche.")
    kwargs.setdefault("commune", saint_dizier())
    kwargs.setdefault("audience", AidAudience.CONNECTIONS)
    with run_tasks():
        request = services.post_aid_request(author, **kwargs)
    return request


def run_tasks() -> Any:
    """Run what a service queued for after its commit (the fan-out) when the block ends: the
    test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def relay(person: User, request: AidRequest) -> Any:
    with run_tasks():
        return services.relay_aid_request(person, request)


def expire(request: AidRequest) -> AidRequest:
    AidRequest.objects.filter(pk=request.pk).update(ends_at=timezone.now() - timedelta(hours=1))
    request.refresh_from_db()
    return request


def in_days(days: int) -> Any:
    return timezone.now() + timedelta(days=days)
