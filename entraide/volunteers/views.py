"""Thin views: parse, access_*, the service calls, render or redirect."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from entraide.accounts.http import AuthenticatedRequest
from entraide.core.exceptions import ActionRefused
from entraide.core.pagination import CappedPaginator
from entraide.core.week import FULL_WEEK, describe
from entraide.organisations.selectors import access_organisation
from entraide.volunteers import proposals, rules, selectors, services
from entraide.volunteers.forms import (
    ProfileForm,
    ProposalForm,
    VolunteerSearchForm,
    period_formset,
    periods_of,
)
from entraide.volunteers.models import VolunteerProfile

SEARCH_PAGE_SIZE = 20
# Counting every match in a dense city reads them all; "plus de 500" is enough to know.
SEARCH_COUNT_CAP = 500
# The service's field names that the form spells otherwise.
PROFILE_FIELDS = {"week_mask": "when", "home_commune": "place"}


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.profile_of(request.user)
    data = request.POST if request.method == "POST" else None
    adding_row = "add_period" in request.POST
    form = ProfileForm(data, profile=current)
    periods = period_formset(data, profile=current, add_row=adding_row)
    if data is not None and not adding_row and form.is_valid() and periods.is_valid():
        try:
            services.save_volunteer_profile(
                request.user,
                form.details(),
                discoverable=form.cleaned_data["discoverable"],
                periods=periods_of(periods),
            )
        except ActionRefused as refusal:
            field = PROFILE_FIELDS.get(refusal.field or "", refusal.field)
            form.add_error(field if field in form.fields else None, refusal.message)
        else:
            messages.success(request, _("Votre profil bénévole est enregistré."))
            return redirect("volunteers:profile")
    return render(
        request,
        "volunteers/profile.html",
        {"form": form, "periods": periods, "profile": current},
    )


@login_required
def actions_for_me(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.profile_of(request.user)
    suggestions = selectors.actions_for_me(current) if current is not None else []
    return render(
        request,
        "volunteers/actions_for_me.html",
        {"profile": current, "suggestions": suggestions},
    )


@dataclass
class Found:
    """One search result as an organisation sees it: public fields only."""

    profile: VolunteerProfile
    overlap: list[str]


@login_required
def search(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = access_organisation(request.user, slug)
    if not rules.can_search_volunteers(request.user, organisation):
        raise PermissionDenied
    form = VolunteerSearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors show beside their field; valid filters still apply
    criteria = form.search(organisation)
    paginator = CappedPaginator(
        selectors.search_volunteers(organisation, criteria), SEARCH_PAGE_SIZE, cap=SEARCH_COUNT_CAP
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.with_public_details(list(page.object_list))
    wanted = criteria.week_mask or FULL_WEEK
    context = {
        "organisation": organisation,
        "form": form,
        "page_obj": page,
        "results": [Found(p, describe(p.week_mask & wanted)) for p in page.object_list],
        "actions": list(proposals.proposable_actions(organisation)),
        "result_count": page.paginator.count,
        "result_count_capped": paginator.is_capped,
    }
    return render(request, "volunteers/search.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: AuthenticatedRequest, slug: str, profile_id: int) -> HttpResponse:
    organisation = access_organisation(request.user, slug)
    volunteer = proposals.access_discoverable_profile(request.user, organisation, profile_id)
    actions = proposals.proposable_actions(organisation)
    action_id = request.GET.get("action", "")
    initial_action = (
        actions.filter(pk=action_id).first()
        if action_id.isascii() and action_id.isdecimal()
        else None
    )
    initial = {
        "action": initial_action,
        "subject": initial_action.title
        if initial_action
        else _("Proposition de %(name)s") % {"name": organisation.name},
    }
    form = ProposalForm(request.POST or None, actions=actions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = proposals.propose_to_volunteer(
                request.user,
                organisation,
                volunteer,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                action=form.cleaned_data["action"],
            )
        except ActionRefused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(
                request,
                _("Votre message est envoyé à %(name)s : sa réponse arrivera ici.")
                % {"name": volunteer.person.public_name},
            )
            return redirect(conversation)
    return render(
        request,
        "volunteers/propose.html",
        {"organisation": organisation, "volunteer": volunteer, "form": form},
    )
