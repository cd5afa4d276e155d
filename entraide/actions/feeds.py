"""iCalendar feeds: a territory's and an organisation's public agenda, and a person's private
feed behind a secret token URL (calendar applications cannot log in), with its settings page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from entraide.accounts.http import AuthenticatedRequest
from entraide.actions import calendar_feeds, selectors
from entraide.actions.agenda import AgendaSearch
from entraide.actions.calendar import calendar_of
from entraide.actions.enums import CALENDAR_STATUSES
from entraide.actions.models import CalendarFeed
from entraide.organisations.selectors import access_organisation
from entraide.territories.selectors import access_territory

# The personal feed: a person's own upcoming participations, a thousand at most.
FEED_LIMIT = 1000
# Public feeds may be cached by the client and shared caches for five minutes; after that a
# calendar application asks again with If-None-Match and mostly gets a 304.
PUBLIC_MAX_AGE = 300


def _calendar_response(content: bytes, *, public: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


def _public_feed(
    request: HttpRequest, scope: str, search: AgendaSearch, *, name: str, rest_url: str
) -> HttpResponse:
    """A bounded feed, or 304 when the client's copy (If-None-Match, If-Modified-Since) is
    still the feed's: then no event is built."""
    description = _(
        "Les créneaux des %(days)s prochains jours, %(events)s au plus. Tout le reste : %(url)s"
    ) % {
        "days": calendar_feeds.FEED_DAYS,
        "events": calendar_feeds.FEED_EVENTS,
        "url": f"{settings.SITE_URL}{rest_url}",
    }
    feed = calendar_feeds.public_feed(scope, search, name=name, description=description)
    last_modified = int(feed.last_modified.timestamp())
    response = get_conditional_response(request, etag=feed.etag, last_modified=last_modified)
    if response is None:
        slots = calendar_feeds.feed_slots(feed.slot_ids)
        content = calendar_of(slots, name=name, description=description)
        response = _calendar_response(content, public=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    response["ETag"] = feed.etag
    response["Last-Modified"] = http_date(last_modified)
    return response


@require_safe
def territory_feed(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    return _public_feed(
        request,
        f"territory:{territory.pk}",
        AgendaSearch(territory=territory),
        name=territory.name,
        rest_url=reverse("actions:agenda", args=[territory.slug]),
    )


@require_safe
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    # As any visitor sees it: a manager's own view of an unverified organisation is not public.
    organisation = access_organisation(AnonymousUser(), slug)
    return _public_feed(
        request,
        f"organisation:{organisation.pk}",
        AgendaSearch(organisation_id=organisation.pk),
        name=organisation.name,
        rest_url=organisation.get_absolute_url(),
    )


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.access_calendar_feed(token)
    participations = selectors.participations_of(feed.person, upcoming=True).filter(
        status__in=CALENDAR_STATUSES
    )
    slots = [p.slot for p in participations.select_related("slot__action__commune")[:FEED_LIMIT]]
    return _calendar_response(calendar_of(slots, name=_("Mon agenda entraide")), public=False)


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("actions:personal_feed", args=[feed.token]))


@login_required
@require_http_methods(["GET", "POST"])
def personal_feed_settings(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        operation = request.POST.get("operation")
        if operation == "enable":
            calendar_feeds.enable_calendar_feed(request.user)
            messages.success(request, _("Votre agenda privé est prêt : ajoutez son adresse à votre calendrier."))  # fmt: skip
        elif operation == "renew":
            calendar_feeds.renew_calendar_feed(request.user)
            messages.success(request, _("Nouvelle adresse créée : l’ancienne ne fonctionne plus."))
        elif operation == "disable":
            calendar_feeds.disable_calendar_feed(request.user)
            messages.success(request, _("Votre agenda privé est désactivé."))
        else:
            messages.error(request, _("Action inconnue : rien n’a changé."))
        return redirect("actions:personal_feed_settings")
    feed = calendar_feeds.calendar_feed_of(request.user)
    return render(
        request,
        "actions/feeds/settings.html",
        {"feed": feed, "feed_url": feed_url(request, feed) if feed else ""},
    )
