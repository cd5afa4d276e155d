"""A member who has not accepted the charter in force of a territory reads it before any other
page of that territory (« La charte a changé »), as a group's members read their group's new
charter (community.views._charter_first).

Cheap on every page: the version in force comes from the cache (one query per territory when
it is cold, emptied when a version is published), and a version the person accepted is kept in
their session, so that a member who accepted it costs no query at all."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from entraide.territories.models import Territory
from entraide.territories.selectors import has_accepted
from entraide.territories.services import charter_cache_key

SESSION_KEY = "territories:charters"
CACHE_SECONDS = 600
# The charter's own pages, and the staff's, are never held behind it.
OPEN_VIEWS = ("territories:charter", "territories:publish_charter")


def charter_in_force(slug: str) -> tuple[int, int] | None:
    """(territory id, version in force) of the territory, or None when it has no charter."""
    key = charter_cache_key(slug)
    known = cache.get(key)
    if known is None:
        row = Territory.objects.filter(slug=slug).values_list("pk", "charter_version").first()
        known = list(row) if row and row[1] else [0, 0]
        cache.set(key, known, CACHE_SECONDS)
    territory_id, version = known
    return (territory_id, version) if version else None


def remember_acceptance(request: HttpRequest, territory_id: int, version: int) -> None:
    accepted = dict(request.session.get(SESSION_KEY, {}))
    accepted[str(territory_id)] = version
    request.session[SESSION_KEY] = accepted


class CharterGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        slug = kwargs.get("territory_slug")
        if not slug or request.method != "GET" or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        in_force = charter_in_force(slug)
        if in_force is None:
            return None
        territory_id, version = in_force
        if request.session.get(SESSION_KEY, {}).get(str(territory_id)) == version:
            return None
        if has_accepted(request.user.pk, territory_id, version):
            remember_acceptance(request, territory_id, version)
            return None
        url = reverse("territories:charter", args=[slug])
        if request.headers.get("HX-Request"):
            # An htmx fragment would swap the charter into part of the page: the whole page
            # goes there instead, back to the page the fragment belongs to.
            page = request.headers.get("HX-Current-URL", "")
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{url}?{urlencode({'next': urlsplit(page).path or url})}"
            return response
        return HttpResponseRedirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
