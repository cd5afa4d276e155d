from typing import Any

from entraide.territories.models import Commune, Territory


def is_territory_staff(user: Any, territory: Territory) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and territory.staff.filter(pk=getattr(user, "pk", None)).exists()
    )


def is_staff_for_commune(user: Any, commune: Commune | None) -> bool:
    """Staff of any territory whose area holds the commune."""
    if commune is None or not getattr(user, "is_authenticated", False):
        return False
    return Territory.objects.filter(staff=user, communes=commune).exists()
