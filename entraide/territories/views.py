from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entraide.core.page_sections import TERRITORY_HOME, sections_of
from entraide.territories.selectors import access_territory, communes_of, list_territories

HOME_COMMUNES = 30


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
            # The next actions and the newest associations, added by their apps.
            **sections_of(TERRITORY_HOME, request, territory),
            "territory": territory,
            "communes": communes[:HOME_COMMUNES],
            "commune_count": communes.count(),
            "more_communes": HOME_COMMUNES,
        },
    )
