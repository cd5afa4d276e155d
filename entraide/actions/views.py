"""What a citizen sees of actions: the agenda, an action, "Je participe", my agenda.
Thin views: parse, access_*, one service call, render or redirect."""

import json
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.actions import join_clicks, selectors, services
from entraide.actions.agenda import AgendaResults
from entraide.actions.broadcasts import broadcast_moment, video_policy
from entraide.actions.calendar import calendar_of
from entraide.actions.enums import ActionKind, CancellationReason, ParticipationStatus
from entraide.actions.forms import AgendaSearchForm, CancellationForm, JoinForm
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.reminder_access import InvalidReminderLink, access_reminder
from entraide.core.exceptions import ActionRefused
from entraide.core.page_sections import ACTION_PAGE, sections_of
from entraide.core.pagination import CappedPaginator
from entraide.core.shared_pages import CSRF_PLACEHOLDER, shared_copy, with_csrf_token
from entraide.core.week import DAY_NAMES, PERIOD_NAMES, local_midnight
from entraide.territories.models import Territory
from entraide.territories.selectors import access_territory, territory_listing

AGENDA_PAGE_SIZE = 20
MAP_POINTS_LIMIT = 500
WEEK_SLOTS_LIMIT = 300
DETAIL_SLOTS_LIMIT = 60
JSONLD_EVENTS = 3
MY_PAST_LIMIT = 50


# --- The agenda ---------------------------------------------------------------------------


def agenda(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    # The filters and results depend on the query string only (and the language, and the day
    # for the week view): everyone asking the same question shares one copy for a few seconds.
    question = (territory.pk, get_language(), request.path, sorted(request.GET.lists()),
                timezone.localdate().isoformat())  # fmt: skip
    parts = shared_copy(
        "agenda",
        question,
        lambda: _agenda_parts(request, territory),
        settings.ENTRAIDE_AGENDA_SHARED_SECONDS,
    )
    results_html = with_csrf_token(parts["results"], request)
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        return HttpResponse(results_html)
    return render(
        request,
        "actions/agenda.html",
        {
            "territory": territory,
            "view": parts["view"],
            "filters_html": mark_safe(parts["filters"]),  # noqa: S308 - our autoescaped template
            "results_html": results_html,
        },
    )


def _agenda_parts(request: HttpRequest, territory: Territory) -> dict[str, str]:
    """The agenda's filters and results as HTML, with a placeholder for the CSRF token."""
    form = AgendaSearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors show in the results; valid filters still apply
    search = form.search(territory)
    view = form.view_name
    context: dict[str, Any] = {
        "territory": territory,
        "form": form,
        "view": view,
        "searching_around": search.centre is not None,
        "radius_km": search.radius_km,
        "half_days": _half_day_grid(form),
        "view_links": {name: "?" + _query(request.GET, view=name, page=None) for name in ("list", "week", "map")},
        "csrf_token": CSRF_PLACEHOLDER,
    }  # fmt: skip
    if view == "week":
        monday = _monday_of(form.first_day or timezone.localdate())
        search.starts_after = max(timezone.now(), local_midnight(monday))
        week_end = local_midnight(monday + timedelta(days=7))
        search.starts_before = min(search.starts_before or week_end, week_end)
        slots = AgendaResults(search)[:WEEK_SLOTS_LIMIT]
        days = [monday + timedelta(days=n) for n in range(7)]
        context.update(
            slots=slots,
            result_count=len(slots),
            week_days=[
                {"day": day, "slots": [s for s in slots if timezone.localdate(s.starts_at) == day]}
                for day in days
            ],
            previous_week="?" + _query(request.GET, **{"from": monday - timedelta(days=7), "to": None, "page": None}),
            next_week="?" + _query(request.GET, **{"from": monday + timedelta(days=7), "to": None, "page": None}),
        )  # fmt: skip
    else:
        results = AgendaResults(search)
        paginator = CappedPaginator(results, AGENDA_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        context.update(
            page_obj=page,
            slots=page.object_list,
            result_count=paginator.count,
            result_count_capped=paginator.is_capped,
        )
        if view == "map":
            context["map_points"] = map_points_of(results[:MAP_POINTS_LIMIT])
    return {
        "view": view,
        "filters": render_to_string("actions/agenda_parts.html#filters", context, request),
        "results": render_to_string("actions/agenda_parts.html#results", context, request),
    }


def map_points_of(slots: Any) -> list[dict[str, Any]]:
    """One point per action placed somewhere (remote actions have no place on a map)."""
    points: dict[int, dict[str, Any]] = {}
    for slot in slots:
        if slot.latitude is None or slot.action_id in points:
            continue
        points[slot.action_id] = {
            "name": slot.action.title,
            "url": slot.action.get_absolute_url(),
            "lat": slot.latitude,
            "lon": slot.longitude,
            "commune": slot.commune.name,
        }
    return list(points.values())


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _query(current: QueryDict, **changes: object) -> str:
    query = current.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value.isoformat() if isinstance(value, date) else str(value)
    return query.urlencode()


def _half_day_grid(form: AgendaSearchForm) -> list[dict[str, Any]]:
    """The availability grid: 7 days × morning, afternoon, evening, each box named in full
    ("mardi soir") for screen readers."""
    chosen = set(form["when"].value() or [])
    return [
        {
            "name": DAY_NAMES[day],
            "boxes": [
                {
                    "value": f"{day}-{period}",
                    "label": f"{DAY_NAMES[day]} {PERIOD_NAMES[period]}",
                    "checked": f"{day}-{period}" in chosen,
                }
                for period in range(3)
            ],
        }
        for day in range(7)
    ]


# --- An action ----------------------------------------------------------------------------


def detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action(request.user, action_id)
    # The header keeps the Agenda and Annuaire of the territory the action is listed in.
    request.territory = territory_listing(action.commune)  # type: ignore[attr-defined]
    slots = list(selectors.upcoming_slots_of(action)[:DETAIL_SLOTS_LIMIT])
    mine: dict[int, Participation] = {}
    if request.user.is_authenticated:
        mine = {
            p.slot_id: p
            for p in selectors.participations_of(request.user, upcoming=True).filter(
                slot__action=action
            )
        }
    rows = []
    for slot in slots:
        participation = mine.get(slot.pk)
        rows.append(
            {
                "slot": slot,
                "participation": participation,
                "position": _waiting_position(participation),
                "form": JoinForm(action=action, prefix=f"slot{slot.pk}")
                if participation is None
                else None,
            }
        )
    map_points = []
    if action.latitude is not None:
        map_points = [{"name": action.title, "lat": action.latitude, "lon": action.longitude,
                       "commune": action.commune.name}]  # fmt: skip
    moment = None
    if action.kind == ActionKind.BROADCAST:
        moment = broadcast_moment(action, slots, timezone.now(), request.get_host().split(":")[0])
    # The host's player only once asked for (?video=1), and its host alone let in then.
    play = moment is not None and moment.video is not None and request.GET.get("video") == "1"
    response = render(
        request,
        "actions/detail.html",
        {
            "action": action,
            "rows": rows,
            "open_for_sign_up": action.is_published,
            "map_points": map_points,
            "jsonld_text": jsonld_text(action, slots[:JSONLD_EVENTS], request),
            "broadcast": moment,
            "play_video": play,
            **sections_of(ACTION_PAGE, request, action),
        },
    )
    if play and moment is not None and moment.video is not None:
        response._csp_config = video_policy(moment.video)  # type: ignore[attr-defined]
    return response


def _waiting_position(participation: Participation | None) -> int | None:
    if participation is None or participation.status != ParticipationStatus.WAITLISTED:
        return None
    queue = list(selectors.waiting_list_of(participation.slot).values_list("pk", flat=True))
    return queue.index(participation.pk) + 1 if participation.pk in queue else None


def jsonld_text(action: Action, slots: list[Slot], request: HttpRequest) -> SafeString:
    """schema.org Events for the next slots, escaped like django.utils.html.json_script so that
    no text of the action can close the script element."""
    url = request.build_absolute_uri(action.get_absolute_url())
    events = []
    for slot in slots:
        event: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": action.title,
            "description": action.description[:500],
            "url": url,
            "startDate": slot.starts_at.isoformat(),
            "endDate": slot.ends_at.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if action.status == "cancelled"
            else "https://schema.org/EventScheduled",
            "organizer": {
                "@type": "Organization",
                "name": action.organisation.name,
                "url": request.build_absolute_uri(action.organisation.get_absolute_url()),
            },
        }
        if action.is_remote:
            event["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            event["location"] = {"@type": "VirtualLocation", "url": action.stream_url or url}
        else:
            event["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            event["location"] = {
                "@type": "Place",
                "name": action.commune.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": action.street_address,
                    "addressLocality": action.commune.name,
                    "addressCountry": "FR",
                },
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": action.latitude,
                    "longitude": action.longitude,
                },
            }
        if slot.capacity is not None:
            event["maximumAttendeeCapacity"] = slot.capacity
            event["remainingAttendeeCapacity"] = slot.places_left
        events.append(event)
    text = json.dumps(events[0] if len(events) == 1 else events, ensure_ascii=False)
    escaped = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(escaped)  # noqa: S308 - JSON with <, > and & escaped, as json_script does


# --- "Je participe" -----------------------------------------------------------------------


def join(request: HttpRequest, slot_id: int) -> HttpResponse:
    """POST: join. Anonymous POST: remember the click, then log in (or sign up) and come back
    here, where the participation completes without asking again. GET when logged in: complete
    the remembered click, or ask once. Only a POST (CSRF-checked) is ever remembered, so a link
    or an image on another site can never sign anybody up."""
    slot = selectors.access_slot(request.user, slot_id)
    action = slot.action
    if not request.user.is_authenticated:
        if request.method != "POST":
            return redirect_to_login(reverse("actions:join", args=[slot.pk]))
        join_clicks.remember_click(
            request, slot, companions=_int(request.POST.get(f"slot{slot.pk}-companions"))
        )
        return redirect_to_login(reverse("actions:join", args=[slot.pk]))
    # A click on the agenda's button sends no field: an action that needs a motivation (or
    # has companions to choose) then asks for them on the confirmation page.
    answered = request.method == "POST" and (
        not action.requires_approval or f"slot{slot.pk}-motivation" in request.POST
    )
    form = JoinForm(request.POST if answered else None, action=action, prefix=f"slot{slot.pk}")
    if answered:
        if form.is_valid():
            return _join(
                request, slot, companions=form.chosen_companions, motivation=form.given_motivation
            )
    else:
        click = join_clicks.remembered_click(request, pop=True)
        if click is not None and click.slot_id == slot.pk and not action.requires_approval:
            companions = min(click.companions, action.max_companions)
            return _join(request, slot, companions=companions, motivation="")
        if selectors.participations_of(request.user, upcoming=True).filter(slot=slot).exists():
            # Already joined (a click kept with a new account completes when the address is
            # verified, before coming back here): the action's page shows where one stands.
            return redirect(action)
    return render(
        request, "actions/join_confirm.html", {"slot": slot, "action": action, "form": form}
    )


def _int(text: str | None) -> int:
    try:
        return max(int(text or 0), 0)
    except ValueError:
        return 0


def _join(request: HttpRequest, slot: Slot, *, companions: int, motivation: str) -> HttpResponse:
    try:
        participation = services.join_slot(
            request.user,  # type: ignore[arg-type]
            slot,
            companions=companions,
            motivation=motivation,
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(slot.action)
    if participation.status == ParticipationStatus.CONFIRMED:
        messages.success(request, _("Vous êtes inscrit·e !"))
    elif participation.status == ParticipationStatus.WAITLISTED:
        messages.success(
            request,
            _("Vous êtes sur la liste d’attente (position %(position)d).")
            % {"position": _waiting_position(participation) or 1},
        )
    else:
        messages.success(request, _("Demande envoyée : l’organisation vous répondra par e-mail."))
    return redirect(slot.action)


def _own_participation(request: AuthenticatedRequest, participation_id: int) -> Participation:
    """Only one's own: an organiser reaches the participations of their actions elsewhere."""
    participation = selectors.access_participation(request.user, participation_id)
    if participation.person_id != request.user.pk:
        raise Http404
    return participation


@login_required
def cancel_participation(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _own_participation(request, participation_id)
    form = CancellationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_participation(
                request.user,
                participation,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
            messages.success(request, _("Votre inscription est annulée. Merci de l’avoir dit."))
            return redirect("actions:my_agenda")
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("actions:my_agenda")
    return render(request, "actions/cancel.html", {"participation": participation, "form": form,
                                                   "slot": participation.slot, "action": participation.slot.action})  # fmt: skip


@login_required
@require_POST
def claim_offer(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _own_participation(request, participation_id)
    try:
        services.claim_offer(request.user, participation)
        messages.success(request, _("La place est à vous : vous êtes inscrit·e !"))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(participation.slot.action)


# --- My agenda ----------------------------------------------------------------------------


@login_required
def my_agenda(request: AuthenticatedRequest) -> HttpResponse:
    upcoming = list(selectors.participations_of(request.user, upcoming=True))
    past = list(selectors.participations_of(request.user, upcoming=False)[:MY_PAST_LIMIT])
    return render(request, "actions/my_agenda.html", {"upcoming": upcoming, "past": past})


@login_required
def participation_ics(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _own_participation(request, participation_id)
    if not participation.belongs_in_calendar:
        # A request not yet accepted, or a place given up: no date to keep (as in the feed).
        raise Http404
    slot = participation.slot
    response = HttpResponse(
        calendar_of([slot], name=slot.action.title), content_type="text/calendar; charset=utf-8"
    )
    filename = f"entraide-{timezone.localtime(slot.starts_at):%Y-%m-%d}-{slot.pk}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The links of the reminder e-mail -----------------------------------------------------


def reminder_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Works without logging in (the signed token proves who it is). A GET changes nothing,
    since mail scanners open links; the button on the page sends the answer."""
    try:
        reminder = access_reminder(token)
    except InvalidReminderLink:
        return render(request, "actions/reminder_invalid.html", status=400)
    participation = reminder.participation
    context: dict[str, Any] = {
        "participation": participation,
        "slot": participation.slot,
        "action": participation.slot.action,
        "answer": reminder.answer,
        "still_registered": participation.status in (ParticipationStatus.CONFIRMED,),
        "done": False,
    }
    if request.method == "POST" and context["still_registered"]:
        if reminder.answer == "cannot":
            try:
                # The token proves the person is the one answering: they act for themselves.
                services.cancel_participation(
                    participation.person, participation, reason=CancellationReason.UNAVAILABLE
                )
            except ActionRefused as refusal:
                messages.error(request, refusal.message)
            else:
                context["done"] = True
        else:
            # "Je viens": nothing to change, the place is already theirs; the page thanks them.
            context["done"] = True
    return render(request, "actions/reminder_answer.html", context)
