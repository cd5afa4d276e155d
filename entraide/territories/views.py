from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entraide.territories.selectors import (
    access_territory,
    communes_of,
    list_territories,
    newest_organisations_in,
    next_actions_in,
)

HOME_COMMUNES = 30
HOME_ACTIONS = 6
HOME_ORGANISATIONS = 6


def choose_territory(request: HttpRequest) -> HttpResponse:
    return render(request, "territories/choose.html", {"territories": list_territories()})


def territory_home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    communes = communes_of(territory)
    return render(
        request,
        "territories/home.html",
        {
            "territory": territory,
            "communes": communes[:HOME_COMMUNES],
            "commune_count": communes.count(),
            "more_communes": HOME_COMMUNES,
            "next_slots": next_actions_in(territory, HOME_ACTIONS),
            "organisations": newest_organisations_in(territory, HOME_ORGANISATIONS),
        },
    )
