"""Groups, memberships and connections for the tests, made through the services as the site
makes them. Personas: alice (founder and admin), bob (candidate), carol, dan, and the root
conftest's `outsider`."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from entraide.accounts.models import User
from entraide.accounts.tests.factories import UserFactory
from entraide.community import services
from entraide.community.enums import Admission, MembershipState, Visibility
from entraide.community.models import Connection, Group, Membership

CHARTER = "Bienveillance et entraide entre voisins."


def make_person(first_name: str, **kwargs: Any) -> User:
    return UserFactory(
        email=kwargs.pop("email", f"{first_name.lower()}@example.org"),
        first_name=first_name,
        last_name=kwargs.pop("last_name", "Lefèvre"),
        **kwargs,
    )


def make_group(founder: User, *, name: str = "Voisins solidaires", **options: Any) -> Group:
    """A group created by `founder` (its admin), charter v1."""
    options.setdefault("charter", CHARTER)
    options.setdefault("admission", Admission.OPEN)
    options.setdefault("visibility", Visibility.PUBLIC)
    return services.create_group(founder, name=name, **options)


def join(person: User, group: Group, **kwargs: Any) -> Membership:
    kwargs.setdefault("accept_charter", True)
    return services.ask_to_join(person, group, **kwargs)


def admit(admin: User, person: User, group: Group, **kwargs: Any) -> Membership:
    """`person` an active member of `group`, whatever its admission."""
    membership = join(person, group, **kwargs)
    if membership.state == MembershipState.ACTIVE:
        return membership
    membership.refresh_from_db()
    if group.admission == Admission.SPONSORSHIP:
        services.sponsor_candidate(admin, membership, sentence="Je la connais depuis dix ans.")
        membership.refresh_from_db()
    if membership.state != MembershipState.ACTIVE:
        services.approve_membership(admin, membership)
        membership.refresh_from_db()
    return membership


def make_veteran(membership: Membership, days: int = 60) -> Membership:
    """A member for `days` days: no longer a newcomer."""
    Membership.objects.filter(pk=membership.pk).update(
        joined_at=timezone.now() - timedelta(days=days)
    )
    membership.refresh_from_db()
    return membership


def connect(a: User, b: User) -> Connection:
    """An accepted connection between `a` and `b` (they must share a reason to meet)."""
    connection = services.ask_connection(a, b)
    return services.accept_connection(b, connection)
