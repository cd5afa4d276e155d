from django.db.models import Count, QuerySet
from django.http import Http404

from entraide.territories.models import CharterAcceptance, Commune, Territory, TerritoryCharter


def access_territory(slug: str) -> Territory:
    """Territories are public portals: any visitor may open one that exists."""
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise Http404
    return territory


def list_territories() -> QuerySet[Territory]:
    return Territory.objects.order_by("name")


def communes_of(territory: Territory) -> QuerySet[Commune]:
    return territory.communes.order_by("-population", "name")


def territory_listing(commune: Commune) -> Territory | None:
    """The most local portal that lists the commune (fewest communes, then the oldest), for the
    pages outside a territory's path, such as an action's: its header keeps that territory's
    Agenda and Annuaire. None when no territory lists it."""
    return (
        # Counted before the filter, so that the count runs over all of a territory's communes.
        Territory.objects.annotate(size=Count("communes"))
        .filter(communes=commune)
        .order_by("size", "pk")
        .first()
    )


def current_charter(territory: Territory) -> TerritoryCharter | None:
    if not territory.charter_version:
        return None
    return TerritoryCharter.objects.filter(
        territory=territory, version=territory.charter_version
    ).first()


def has_accepted(person_id: int, territory_id: int, version: int) -> bool:
    return CharterAcceptance.objects.filter(
        person_id=person_id, charter__territory_id=territory_id, charter__version=version
    ).exists()


def has_accepted_before(person_id: int, territory_id: int) -> bool:
    """Whether the person accepted an earlier version: the page then says it changed."""
    return CharterAcceptance.objects.filter(
        person_id=person_id, charter__territory_id=territory_id
    ).exists()
