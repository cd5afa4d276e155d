from django.db.models import Count, QuerySet
from django.http import Http404

# A portal's home shows what the apps above offer there: read here through their models and the
# agenda's own reader, which import only models of ours (no import circle).
from entraide.actions.models import Slot
from entraide.actions.selectors import AgendaResults, AgendaSearch
from entraide.organisations.models import Organisation, OrganisationQuerySet
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


# The home's cards of the next actions come from this many of the next slots: a bounded read,
# at the cost of fewer cards when a few actions hold all of them (a daily action of a month).
NEXT_SLOTS_READ = 30


def next_actions_in(territory: Territory, count: int) -> list[Slot]:
    """The next listed slot of each of the territory's next `count` actions, soonest first: read
    as the agenda reads (`actions.selectors.AgendaResults`), from the first `NEXT_SLOTS_READ`
    slots only, with the action, organisation and commune the cards show."""
    # The home needs no count of everything: a small first read is enough to rank the page.
    results = AgendaResults(AgendaSearch(territory=territory), dense_above=NEXT_SLOTS_READ * 2)
    cards: list[Slot] = []
    seen: set[int] = set()
    for slot in results[:NEXT_SLOTS_READ]:
        if slot.action_id not in seen:
            seen.add(slot.action_id)
            cards.append(slot)
        if len(cards) == count:
            break
    return cards


def newest_organisations_in(territory: Territory, count: int) -> OrganisationQuerySet:
    """The territory's organisations verified last, as the directory lists them (verified only),
    without the long texts the cards do not show."""
    return (
        Organisation.objects.verified()
        .in_territory(territory)
        .select_related("commune")
        .defer("description", "search_document")
        .order_by("-status_changed_at", "-pk")[:count]
    )
