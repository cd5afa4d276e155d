from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from entraide.core.page_sections import SITE_HOME, TERRITORY_HOME, sections_of
from entraide.territories.models import Territory
from entraide.territories.selectors import access_territory, communes_of, list_territories

HOME_COMMUNES = 30
# The site's home asks each territory's sections in turn: a few queries per territory, which
# holds because a platform opens few territories (a dozen at most); past this many, the home
# lists the names alone.
TASTED_TERRITORIES = 20


def _taste_of(request: HttpRequest, territory: Territory) -> SafeString:
    """The territory's sections on the site's home, each rendered with its own variables (their
    names would collide between territories in one context)."""
    context = sections_of(SITE_HOME, request, territory)
    parts = [
        render_to_string(name, {**context, "territory": territory}, request)
        for name in context["section_templates"]
    ]
    return mark_safe("".join(parts))  # noqa: S308 - rendered by our templates, escaped there


def choose_territory(request: HttpRequest) -> HttpResponse:
    territories = list(list_territories())
    tasted = len(territories) <= TASTED_TERRITORIES
    cards = [
        {"territory": territory, "taste": _taste_of(request, territory) if tasted else ""}
        for territory in territories
    ]
    return render(request, "territories/choose.html", {"territories": territories, "cards": cards})


def territory_home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    communes = communes_of(territory)
    return render(
        request,
        "territories/home.html",
        {
            # The front page's sections, added by their apps (core.page_sections).
            **sections_of(TERRITORY_HOME, request, territory),
            "territory": territory,
            "communes": communes[:HOME_COMMUNES],
            "commune_count": communes.count(),
            "more_communes": HOME_COMMUNES,
        },
    )
