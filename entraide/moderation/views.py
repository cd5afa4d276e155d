"""Pages of moderation. Every rule is the services' and the selectors': a case is a 404 for
whoever does not moderate it, a decision for whoever is neither its author nor a moderator,
and a report form for content the viewer cannot see; a refusal is shown next to its field."""

import csv
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.models import User
from entraide.core.exceptions import ActionRefused
from entraide.core.pagination import CappedPaginator
from entraide.moderation import rules, selectors, services
from entraide.moderation.enums import AppealState, CaseState
from entraide.moderation.forms import (
    AppealDecisionForm,
    AppealForm,
    AppealMessageForm,
    AuditFilterForm,
    DecisionForm,
    ModeratorForm,
    ReportForm,
    SettingsForm,
)
from entraide.moderation.models import APPEAL_WINDOW, Appeal, Decision, ModerationCase
from entraide.moderation.registry import GROUP_MODERATION, content_kind
from entraide.territories.models import Territory

AUDIT_PAGE = 50


def _add_refusal(form: Any, error: ActionRefused) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _territory(slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None:
        raise Http404
    return territory


def _team_territory(request: HttpRequest, slug: str, *, staff_only: bool = False) -> Territory:
    territory = _territory(slug)
    allowed = rules.is_territory_staff if staff_only else rules.is_territory_team
    if not allowed(request.user, territory.pk):
        raise PermissionDenied
    return territory


# --- Reporting


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, kind_key: str, object_id: int) -> HttpResponse:
    """Anyone, visitors included, reports what they can see (DSA Art. 16)."""
    kind = content_kind(kind_key)
    if kind is None:
        raise Http404
    target = kind.model._default_manager.filter(pk=object_id).first()
    if target is None or not kind.visible_to(request.user, target):
        raise Http404
    visitor = not rules.is_logged_in(request.user)
    url = kind.url_of(target)
    form = ReportForm(request.POST or None, visitor=visitor, initial={"content_url": url})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_content(
                request.user,
                target,
                category=data["category"],
                reason=data["reason"],
                content_url=url,
                reporter_name=data.get("reporter_name", ""),
                reporter_email=data.get("reporter_email", ""),
                good_faith=data["good_faith"],
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request,
                _(
                    "Merci : votre signalement est transmis à l’équipe de modération. Un accusé "
                    "de réception vous est envoyé par e-mail."
                ),
            )
            return redirect("moderation:my_reports" if not visitor else url)
    return render(
        request,
        "moderation/report.html",
        {"form": form, "kind": kind, "excerpt": kind.excerpt_of(target), "content_url": url},
    )


@login_required
@require_GET
def my_reports(request: AuthenticatedRequest) -> HttpResponse:
    page_obj = CappedPaginator(selectors.my_reports(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "moderation/my_reports.html", {"page_obj": page_obj})


# --- The queues and the cases


def _render_queue(
    request: HttpRequest, *, title: str, page: selectors.QueuePage, base_url: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "moderation/queue.html",
        {"title": title, "page": page, "base_url": base_url, **extra},
    )


@login_required
@require_GET
def territory_queue(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _team_territory(request, territory_slug)
    page = selectors.queue(territory=territory, cursor=request.GET.get("apres", ""))
    return _render_queue(
        request,
        title=_("Modération : %(name)s") % {"name": territory.name},
        page=page,
        base_url=request.path,
        territory=territory,
        is_staff=rules.is_territory_staff(request.user, territory.pk),
    )


@login_required
@require_GET
def group_queue(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    if not rules.moderates_group(request.user, group_id):
        raise Http404
    name = next((hook.name_of(group_id) for hook in GROUP_MODERATION), None) or ""
    page = selectors.queue(group_id=group_id, cursor=request.GET.get("apres", ""))
    return _render_queue(
        request,
        title=_("Modération du groupe %(name)s") % {"name": name},
        page=page,
        base_url=request.path,
    )


def _case_context(request: HttpRequest, case: ModerationCase, **forms: Any) -> dict[str, Any]:
    allowed = rules.decisions_open_to(request.user, case)
    decisions = list(selectors.decisions_of_case(case))
    kind = selectors.kind_of_case(case)
    return {
        "case": case,
        "kind": kind,
        "reports": selectors.reports_of_case(case),
        "decisions": decisions,
        "decision_form": forms.get("decision_form")
        or (DecisionForm(allowed=allowed) if case.state == CaseState.OPEN else None),
        "appeals": Appeal.objects.filter(decision__case=case).select_related("decision"),
        **{k: v for k, v in forms.items() if k != "decision_form"},
    }


@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case(request.user, case_id)
    return render(request, "moderation/case.html", _case_context(request, case))


@login_required
@require_POST
def decide(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case(request.user, case_id)
    form = DecisionForm(request.POST, allowed=rules.decisions_open_to(request.user, case))
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide_case(
                request.user,
                case,
                kind=data["kind"],
                reason=data["reason"],
                rule=data["rule"],
                days=data.get("days"),
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request,
                _("Décision enregistrée : %(kind)s.") % {"kind": decision.get_kind_display()},
            )
            return redirect(case)
    response = render(
        request, "moderation/case.html", _case_context(request, case, decision_form=form)
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def authorities(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    case = selectors.access_case(request.user, case_id)
    try:
        services.record_authorities_path(request.user, case, note=request.POST.get("note", ""))
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Noté : les autorités ont été alertées."))
    return redirect(case)


# --- Statements of reasons and appeals


def _decision_context(request: HttpRequest, decision: Decision, **forms: Any) -> dict[str, Any]:
    appeal = Appeal.objects.filter(decision=decision).first()
    is_author = rules.is_author_of(request.user, decision)
    moderator = rules.can_moderate_case(request.user, decision.case)
    may_appeal = (
        is_author
        and appeal is None
        and decision.on_appeal_id is None
        and decision.kind in ("hide", "warn", "suspend", "ban")
        and timezone.now() <= decision.created_at + APPEAL_WINDOW
    )
    return {
        "decision": decision,
        "case": decision.case,
        "appeal": appeal,
        "thread": selectors.appeal_thread(appeal, request.user) if appeal else [],
        "is_author": is_author,
        "is_moderator": moderator,
        "appeal_form": forms.get("appeal_form") or (AppealForm() if may_appeal else None),
        "message_form": forms.get("message_form")
        or (AppealMessageForm() if appeal and appeal.state == AppealState.OPEN else None),
        "appeal_decision_form": forms.get("appeal_decision_form")
        or (
            AppealDecisionForm()
            if appeal
            and appeal.state == AppealState.OPEN
            and rules.can_decide_appeal(request.user, appeal)
            else None
        ),
        "first_moderator": appeal is not None and decision.moderator_id == request.user.pk,
    }


@login_required
@require_GET
def decision_detail(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = selectors.access_decision(request.user, decision_id)
    return render(request, "moderation/decision.html", _decision_context(request, decision))


def _decision_page(request: HttpRequest, decision: Decision, **forms: Any) -> HttpResponse:
    response = render(
        request, "moderation/decision.html", _decision_context(request, decision, **forms)
    )
    response.status_code = 400
    return response


@login_required
@require_POST
def appeal(request: AuthenticatedRequest, decision_id: int) -> HttpResponse:
    decision = selectors.access_decision(request.user, decision_id)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.file_appeal(request.user, decision, text=form.cleaned_data["body"])
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request, _("Votre recours est envoyé : un autre modérateur l’examinera.")
            )
            return redirect(decision)
    return _decision_page(request, decision, appeal_form=form)


@login_required
@require_POST
def appeal_message(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    found = selectors.access_appeal(request.user, appeal_id)
    form = AppealMessageForm(request.POST)
    if form.is_valid():
        try:
            services.write_in_appeal(
                request.user,
                found,
                body=form.cleaned_data["body"],
                private=form.cleaned_data["private"],
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            return redirect(found.decision)
    return _decision_page(request, found.decision, message_form=form)


@login_required
@require_POST
def decide_appeal(request: AuthenticatedRequest, appeal_id: int) -> HttpResponse:
    found = selectors.access_appeal(request.user, appeal_id)
    if not rules.can_moderate_case(request.user, found.decision.case):
        raise Http404
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_appeal(
                request.user,
                found,
                upheld=form.cleaned_data["outcome"] == AppealState.UPHELD,
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as error:
            _add_refusal(form, error)
        else:
            messages.success(request, _("Le recours est décidé ; l’auteur en est informé."))
            return redirect(found.decision)
    return _decision_page(request, found.decision, appeal_decision_form=form)


# --- The territory's team: audit log, transparency, moderators, settings


def _audit_rows(request: HttpRequest, territory: Territory) -> tuple[AuditFilterForm, Any]:
    team = [
        (person.pk, person.public_name)
        for person in User.objects.filter(pk__in=selectors.team_ids(territory)).order_by("pk")
    ]
    form = AuditFilterForm(request.GET or None, team=team)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        tz = timezone.get_current_timezone()
        filters = {
            "action": data["action"] or "",
            "actor_id": data["actor"],
            "since": datetime.combine(data["since"], time.min, tz) if data["since"] else None,
            "until": datetime.combine(data["until"], time.max, tz) if data["until"] else None,
        }
    return form, selectors.audit_entries(territory, **filters)


@login_required
@require_GET
def audit_log(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _team_territory(request, territory_slug, staff_only=True)
    form, rows = _audit_rows(request, territory)
    page_obj = CappedPaginator(rows, AUDIT_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit_log.html",
        {"territory": territory, "form": form, "page_obj": page_obj, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def audit_log_csv(request: AuthenticatedRequest, territory_slug: str) -> StreamingHttpResponse:
    territory = _team_territory(request, territory_slug, staff_only=True)
    _form, rows = _audit_rows(request, territory)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["date", "actor", "action", "target", "details"])
        for entry in rows.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    entry.created_at.isoformat(),
                    entry.actor.public_name if entry.actor else "",
                    entry.action,
                    entry.target_label,
                    entry.data,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-{territory.slug}.csv"'
    return response


@require_GET
def transparency(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = _territory(territory_slug)
    this_year = timezone.now().year
    raw = request.GET.get("annee", "")
    # isdecimal and ASCII: « ² » is a digit to isdigit() but not to int().
    plain = raw.isascii() and raw.isdecimal() and len(raw) <= 4
    year = int(raw) if plain and 2000 <= int(raw) <= this_year else this_year
    return render(
        request,
        "moderation/transparency.html",
        {
            "territory": territory,
            "report": selectors.transparency(territory, year),
            "years": list(range(this_year, max(this_year - 5, 2025), -1)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderators(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _team_territory(request, territory_slug, staff_only=True)
    form = ModeratorForm(request.POST or None)
    settings_form = SettingsForm(
        initial={
            "trusted_reporters": selectors.settings_of(territory).trusted_reporters,
            "watch_words": selectors.settings_of(territory).watch_words,
        }
    )
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        if person is None:
            form.add_error("email", _("Aucun compte actif n’a cette adresse."))
        else:
            try:
                services.appoint_moderator(request.user, territory, person)
            except ActionRefused as error:
                _add_refusal(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s modère désormais le territoire.") % {"name": person.public_name},
                )
                return redirect("moderation:moderators", territory.slug)
    return render(
        request,
        "moderation/moderators.html",
        {
            "territory": territory,
            "form": form,
            "settings_form": settings_form,
            "moderators": selectors.moderators_of(territory),
        },
    )


@login_required
@require_POST
def remove_moderator(
    request: AuthenticatedRequest, territory_slug: str, user_id: int
) -> HttpResponse:
    territory = _team_territory(request, territory_slug, staff_only=True)
    services.remove_moderator(request.user, territory, user_id)
    return redirect("moderation:moderators", territory.slug)


@login_required
@require_POST
def update_settings(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    territory = _team_territory(request, territory_slug, staff_only=True)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.update_settings(
                request.user,
                territory,
                trusted_reporters=form.cleaned_data["trusted_reporters"],
                watch_words=form.cleaned_data["watch_words"],
            )
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Réglages enregistrés."))
    else:
        messages.error(request, _("Vérifiez les réglages : un nombre de 0 à 50."))
    return redirect("moderation:moderators", territory.slug)
