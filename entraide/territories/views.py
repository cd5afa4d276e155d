from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entraide.accounts.http import AuthenticatedRequest
from entraide.core.exceptions import ActionRefused
from entraide.core.page_sections import SITE_HOME, TERRITORY_HOME, sections_of
from entraide.territories import selectors, services
from entraide.territories.charter_gate import remember_acceptance
from entraide.territories.forms import CharterForm
from entraide.territories.models import Territory
from entraide.territories.rules import is_territory_staff
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
            "has_charter": bool(territory.charter_version),
        },
    )


def _next_of(request: HttpRequest, territory: Territory) -> str:
    """Where to go once the charter is accepted: the page asked for, when it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return territory.get_absolute_url()


@require_http_methods(["GET", "POST"])
def charter(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """The charter in force, for anyone; a member who has not accepted it accepts it here
    (the gate sends them here first: charter_gate)."""
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    current = selectors.current_charter(territory)
    if current is None:
        raise Http404
    user = request.user
    error = ""
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            if request.POST.get("accept") != "on":
                raise ActionRefused(_("Cochez la case pour accepter la charte."), field="accept")
            services.accept_charter(user, territory, version=version)
        except ActionRefused as refusal:
            error = refusal.message
            current = selectors.current_charter(territory) or current
        else:
            remember_acceptance(request, territory.pk, version)
            messages.success(request, _("Merci : la charte est acceptée."))
            return redirect(_next_of(request, territory))
    person_id = user.pk or 0
    must_accept = user.is_authenticated and not selectors.has_accepted(
        person_id, territory.pk, current.version
    )
    return render(
        request,
        "territories/charter.html",
        {
            "territory": territory,
            "charter": current,
            "must_accept": must_accept,
            "changed": must_accept and selectors.has_accepted_before(person_id, territory.pk),
            "next": _next_of(request, territory),
            "error": error,
            "can_publish": is_territory_staff(user, territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish_charter(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    """The territory's staff write a new version of its charter."""
    territory = access_territory(territory_slug)
    if not is_territory_staff(request.user, territory):
        raise PermissionDenied
    request.territory = territory  # type: ignore[attr-defined]
    current = selectors.current_charter(territory)
    form = CharterForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_charter(request.user, territory, text=form.cleaned_data["text"])
        except ActionRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            messages.success(request, _("La nouvelle version de la charte est publiée."))
            return redirect("territories:charter", territory.slug)
    return render(
        request,
        "territories/charter_form.html",
        {"territory": territory, "form": form, "charter": current},
    )
