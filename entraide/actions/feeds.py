"""iCalendar feeds: a territory's and an organisation's public agenda, and a person's private
feed behind a secret token URL (calendar applications cannot log in), with its settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from entraide.accounts.http import AuthenticatedRequest
from entraide.actions import calendar_feeds, selectors
from entraide.actions.calendar import calendar_of
from entraide.actions.enums import ParticipationStatus
from entraide.actions.models import CalendarFeed, Slot
from entraide.organisations.selectors import access_organisation
from entraide.territories.selectors import access_territory

# A feed is read by calendar applications every few hours: the next thousand slots are plenty,
# and the cap keeps one request cheap however large the territory.
FEED_LIMIT = 1000
# Public feeds may be cached by the client and shared caches for five minutes.
PUBLIC_MAX_AGE = 300
PERSONAL_STATUSES = (
    ParticipationStatus.CONFIRMED,
    ParticipationStatus.OFFERED,
    ParticipationStatus.WAITLISTED,
)


def _feed_slots(search: selectors.AgendaSearch) -> list[Slot]:
    # calendar.slot_event reads the action's commune (LOCATION) as well.
    slots: QuerySet[Slot] = selectors.search_agenda(search).select_related(
        "action", "action__organisation", "action__commune", "commune"
    )
    return list(slots[:FEED_LIMIT])


def _calendar_response(content: bytes, *, public: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def territory_feed(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    slots = _feed_slots(selectors.AgendaSearch(territory=territory))
    return _calendar_response(calendar_of(slots, name=territory.name), public=True)


@require_safe
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    # As any visitor sees it: a manager's own view of an unverified organisation is not public.
    organisation = access_organisation(AnonymousUser(), slug)
    slots = _feed_slots(selectors.AgendaSearch(organisation_id=organisation.pk))
    return _calendar_response(calendar_of(slots, name=organisation.name), public=True)


@require_safe
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = selectors.access_calendar_feed(token)
    participations = selectors.participations_of(feed.person, upcoming=True).filter(
        status__in=PERSONAL_STATUSES
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
