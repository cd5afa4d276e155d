from django.db.models import QuerySet
from django.http import Http404

from entraide.territories.models import Commune, Territory


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
