"""Pages of mutual aid. Every rule is the services'; a view reads through the selectors (a
request that did not reach the viewer is a plain 404), calls one service and shows its refusal
next to the form, or at the top of the request's page it comes back to. No page names who
relayed a request or whom it reached: the author reads numbers."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.aid import rules, selectors, services
from entraide.aid.forms import AidRequestForm, AnswerForm, FilterForm, ResolveForm
from entraide.aid.models import AidReach, AidRequest
from entraide.core.confirmation import confirmation_page
from entraide.core.exceptions import ActionRefused
from entraide.core.pagination import CappedPaginator

PAGE_SIZE = 20


def _add_refusal(form: Any, error: ActionRefused) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _access(request: AuthenticatedRequest, request_id: int) -> tuple[AidRequest, AidReach | None]:
    return selectors.access_aid_request(request.user, request_id)


@login_required
@require_GET
def reaching_me(request: AuthenticatedRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    kind, km = None, None
    if form.is_valid():
        kind, km = form.cleaned_data["kind"] or None, form.cleaned_data["km"]
    has_place = request.user.home_commune_id is not None
    rows = selectors.requests_reaching(request.user, kind=kind, within_km=km if has_place else None)
    page_obj = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page_obj:
        distance_sq = getattr(row, "distance_sq", None)
        row.distance_km = round(distance_sq**0.5) if distance_sq is not None else None
    return render(
        request,
        "aid/reaching_me.html",
        {"form": form, "page_obj": page_obj, "has_place": has_place},
    )


@login_required
@require_GET
def my_requests(request: AuthenticatedRequest) -> HttpResponse:
    page_obj = CappedPaginator(selectors.my_aid_requests(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "aid/my_requests.html", {"page_obj": page_obj})


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request: AuthenticatedRequest) -> HttpResponse:
    form = AidRequestForm(request.POST or None, request.FILES or None, author=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posted = services.post_aid_request(
                request.user,
                kind=data["kind"],
                category=data["category"],
                title=data["title"],
                text=data["text"],
                price=data["price"],
                commune=data["commune"],
                ends_at=form.ends_at(),
                audience=data["audience"],
                groups=list(data["groups"]),
                image=data["image"],
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request,
                _("Publiée : elle parvient à son audience dans quelques instants."),
            )
            return redirect(posted.get_absolute_url())
    return render(request, "aid/new_request.html", {"form": form})


def _detail_context(
    request: AuthenticatedRequest, aid_request: AidRequest, reach: AidReach | None
) -> dict[str, Any]:
    me = request.user
    is_author = rules.is_author(me, aid_request)
    context: dict[str, Any] = {
        "aid_request": aid_request,
        "is_author": is_author,
        "can_relay": rules.can_relay(me, aid_request, reach),
        "can_answer": rules.can_answer(me, aid_request, reach),
        "at_furthest_hop": reach is not None and not rules.may_relay_further(reach),
    }
    if is_author:
        helpers = [
            (answer.helper_id, answer.helper.public_name)
            for answer in selectors.answers_to(aid_request)
        ]
        context["answer_count"] = len(helpers)
        context["resolve_form"] = ResolveForm(helpers=helpers)
        context["thanked_count"] = aid_request.answers.filter(thanked=True).count()
    else:
        answer = selectors.answer_of(me, aid_request)
        context["my_answer"] = answer
        context["has_relayed"] = rules.has_relayed(me, aid_request)
        context["answer_form"] = AnswerForm()
        context["thanked_count"] = aid_request.answers.filter(thanked=True).count()
    return context


@login_required
@require_GET
def detail(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    aid_request, reach = _access(request, request_id)
    return render(request, "aid/detail.html", _detail_context(request, aid_request, reach))


def _back_to(aid_request: AidRequest) -> HttpResponse:
    return redirect(aid_request.get_absolute_url())


@login_required
@require_POST
def relay(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    aid_request, _reach = _access(request, request_id)
    try:
        services.relay_aid_request(request.user, aid_request)
    except ActionRefused as error:
        messages.error(request, error.message)
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, _("C’est fait : vos relations la reçoivent à leur tour."))
    return _back_to(aid_request)


@login_required
@require_POST
def answer(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    aid_request, reach = _access(request, request_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            done = services.answer_aid_request(
                request.user, aid_request, body=form.cleaned_data["body"]
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Votre réponse est envoyée."))
            return redirect(done.conversation.get_absolute_url())
    context = _detail_context(request, aid_request, reach)
    context["answer_form"] = form
    return render(request, "aid/detail.html", context)


@login_required
@require_POST
def resolve(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    aid_request, reach = _access(request, request_id)
    if not rules.is_author(request.user, aid_request):
        raise Http404
    helpers = [
        (answer.helper_id, answer.helper.public_name)
        for answer in selectors.answers_to(aid_request)
    ]
    form = ResolveForm(request.POST, helpers=helpers)
    if form.is_valid():
        try:
            services.resolve_aid_request(
                request.user,
                aid_request,
                thanked_helper_ids=form.cleaned_data["thanked"],
                thanks=form.cleaned_data["thanks"],
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Votre demande est résolue : elle ne circule plus."))
            return _back_to(aid_request)
    context = _detail_context(request, aid_request, reach)
    context["resolve_form"] = form
    return render(request, "aid/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    aid_request, _reach = _access(request, request_id)
    if not rules.is_author(request.user, aid_request):
        raise Http404
    if request.method == "POST":
        try:
            services.withdraw_aid_request(request.user, aid_request)
        except ActionRefused as error:
            messages.error(request, error.message)
            return _back_to(aid_request)
        messages.success(request, _("Votre demande est retirée."))
        return redirect("aid:mine")
    return confirmation_page(
        request,
        title=_("Retirer ma demande"),
        question=_(
            "Retirer « %(title)s » ? Elle disparaît pour toutes les personnes qu’elle a "
            "atteintes, et ne peut plus recevoir de réponse."
        )
        % {"title": aid_request.title},
        label=_("Retirer"),
        cancel=reverse("aid:detail", args=[aid_request.pk]),
    )
