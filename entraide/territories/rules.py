from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User
from entraide.accounts.rules import signed_in
from entraide.territories.models import Commune, Territory


def is_territory_staff(user: User | AnonymousUser, territory: Territory) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and territory.staff.filter(pk=getattr(user, "pk", None)).exists()
    )


def is_staff_for_commune(user: User | AnonymousUser, commune: Commune | None) -> bool:
    """Staff of any territory whose area holds the commune."""
    signed = signed_in(user)
    if commune is None or signed is None:
        return False
    return Territory.objects.filter(staff=signed, communes=commune).exists()
