from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entraide.territories.selectors import access_territory, communes_of, list_territories


def choose_territory(request: HttpRequest) -> HttpResponse:
    return render(request, "territories/choose.html", {"territories": list_territories()})


def territory_home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    communes = communes_of(territory)
    return render(
        request,
        "territories/home.html",
        {"territory": territory, "communes": communes[:30], "commune_count": communes.count()},
    )
