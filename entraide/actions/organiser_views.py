"""What an organisation's owner and admins do with its actions: write them, add slots, publish,
close or cancel, see who comes, answer requests, note attendance, write to participants.

Thin views: parse the form, access_*, one service call, render or redirect. Every view is for
the organisation's managers only (403 for its plain members and for outsiders)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.actions import organiser_selectors, rules, selectors, services
from entraide.actions.enums import ActionStatus, DeclineReason, ParticipationStatus
from entraide.actions.models import Action, Participation, Slot
from entraide.actions.organiser_forms import (
    ActionForm,
    AttendanceForm,
    CancelActionForm,
    CapacityForm,
    DecisionForm,
    RecurrenceForm,
    SlotForm,
)
from entraide.core.exceptions import ActionRefused
from entraide.organisations.selectors import access_organisation

ACTIONS_PER_PAGE = 20
SLOTS_PER_PAGE = 50
# Service field names → form field names, for refusals shown next to their field.
SLOT_FIELDS = {"starts_at": "start", "ends_at": "end", "capacity": "capacity"}


def _show_refusal(form: Form, refusal: ActionRefused, fields: dict[str, str] | None = None) -> None:
    name = (fields or {}).get(refusal.field or "", refusal.field)
    form.add_error(name if name in form.fields else None, refusal.message)


@login_required
def organisation_actions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = access_organisation(request.user, slug, manage=True)
    page = Paginator(organiser_selectors.actions_for_organiser(organisation), ACTIONS_PER_PAGE)
    page_obj = page.get_page(request.GET.get("page"))
    return render(
        request,
        "actions/organiser/organisation_actions.html",
        {"organisation": organisation, "page_obj": page_obj, "actions": page_obj.object_list},
    )


@login_required
def create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = access_organisation(request.user, slug, manage=True)
    form = ActionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.create_action(request.user, organisation, form.details())
        except ActionRefused as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(
                request, _("Brouillon enregistré. Ajoutez ses créneaux, puis publiez-la.")
            )
            return redirect("actions:slots", action.pk)
    return render(
        request,
        "actions/organiser/action_form.html",
        {"form": form, "organisation": organisation, "creating": True},
    )


@login_required
def edit(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action(request.user, action_id, manage=True)
    form = ActionForm(request.POST or None, organisation=action.organisation, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(request.user, action, form.details())
        except ActionRefused as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect("actions:slots", action.pk)
    return render(
        request,
        "actions/organiser/action_form.html",
        {"form": form, "organisation": action.organisation, "action": action},
    )


@login_required
def slots(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    """The action's slots, and two forms: one slot, or a weekly recurrence."""
    action = selectors.access_action(request.user, action_id, manage=True)
    slot_form = SlotForm(prefix="slot")
    weekly_form = RecurrenceForm(prefix="weekly")
    if request.method == "POST" and "add_slot" in request.POST:
        slot_form = SlotForm(request.POST, prefix="slot")
        if slot_form.is_valid():
            try:
                services.add_slot(
                    request.user,
                    action,
                    starts_at=slot_form.starts_at,
                    ends_at=slot_form.ends_at,
                    capacity=slot_form.cleaned_data["capacity"],
                )
            except ActionRefused as refusal:
                _show_refusal(slot_form, refusal, SLOT_FIELDS)
            else:
                messages.success(request, _slot_added_said(slot_form))
                return redirect("actions:slots", action.pk)
    elif request.method == "POST" and "add_weekly" in request.POST:
        weekly_form = RecurrenceForm(request.POST, prefix="weekly")
        if weekly_form.is_valid():
            try:
                added = services.add_weekly_slots(
                    request.user,
                    action,
                    weekly_form.rule(),
                    capacity=weekly_form.cleaned_data["capacity"],
                )
            except ActionRefused as refusal:
                _show_refusal(weekly_form, refusal, SLOT_FIELDS)
            else:
                count = len(added)
                messages.success(
                    request,
                    ngettext("%(count)d créneau ajouté.", "%(count)d créneaux ajoutés.", count)
                    % {"count": count},
                )
                return redirect("actions:slots", action.pk)
    page_obj = Paginator(organiser_selectors.slots_for_organiser(action), SLOTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "actions/organiser/slots.html",
        {
            "action": action,
            "organisation": action.organisation,
            "page_obj": page_obj,
            "slots": page_obj.object_list,
            "slot_form": slot_form,
            "weekly_form": weekly_form,
            "can_publish": rules.can_publish_action(request.user, action),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def publish(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action(request.user, action_id, manage=True)
    if not action.organisation.is_verified:
        messages.error(
            request,
            _("L’organisation doit être vérifiée par l’équipe du territoire avant de publier."),
        )
        return redirect("actions:slots", action.pk)
    try:
        services.publish_action(request.user, action)
        messages.success(request, _("L’action est publiée : elle apparaît dans l’agenda."))
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("actions:slots", action.pk)


@login_required
@require_POST
def close(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = selectors.access_action(request.user, action_id, manage=True)
    try:
        services.close_action(request.user, action)
        messages.success(
            request,
            _("Les inscriptions sont closes ; les personnes déjà inscrites restent attendues."),
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("actions:slots", action.pk)


@login_required
def cancel(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    """A confirmation page; the POST cancels the action and tells every participant."""
    action = selectors.access_action(request.user, action_id, manage=True)
    if action.status == ActionStatus.CANCELLED:
        messages.error(request, _("Cette action est déjà annulée."))
        return redirect("actions:slots", action.pk)
    form = CancelActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_action(request.user, action, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _cancellation_said(action))
            return redirect("actions:organisation_actions", action.organisation.slug)
    return render(request, "actions/organiser/cancel.html", {"action": action, "form": form})


def _slot_added_said(form: SlotForm) -> str:
    if not form.ends_next_day:
        return _("Créneau ajouté.")
    return _("Créneau ajouté ; il finit le lendemain, %(end)s.") % {
        "end": date_format(timezone.localtime(form.ends_at), "l j F à H:i")
    }


def _cancellation_said(action: Action) -> str:
    told = organiser_selectors.people_told_of_cancellation(action)
    if told == 0:
        return _("L’action est annulée. Personne n’y était inscrit.")
    return ngettext(
        "L’action est annulée. La personne inscrite est prévenue par e-mail.",
        "L’action est annulée. Les %(count)d personnes inscrites sont prévenues par e-mail.",
        told,
    ) % {"count": told}


def _dashboard(
    request: AuthenticatedRequest, slot: Slot, *, capacity_form: CapacityForm | None = None
) -> HttpResponse:
    participations = list(selectors.participants_of(slot))
    by_status: dict[str, list[Participation]] = {}
    for participation in participations:
        by_status.setdefault(participation.status, []).append(participation)
    coming = [
        p
        for p in sorted(participations, key=lambda p: (p.created_at, p.pk))
        if p.status
        in (
            ParticipationStatus.CONFIRMED,
            ParticipationStatus.OFFERED,
            ParticipationStatus.ATTENDED,
            ParticipationStatus.NO_SHOW,
        )
    ]
    started = slot.starts_at <= timezone.now()
    return render(
        request,
        "actions/organiser/slot_dashboard.html",
        {
            "slot": slot,
            "action": slot.action,
            "organisation": slot.action.organisation,
            "coming": coming,
            "pending": by_status.get(ParticipationStatus.PENDING, []),
            "waiting": by_status.get(ParticipationStatus.WAITLISTED, []),
            "declined": by_status.get(ParticipationStatus.DECLINED, []),
            "started": started,
            "capacity_form": capacity_form
            or CapacityForm(initial={"capacity": slot.capacity}, prefix="capacity"),
            "decline_reasons": DeclineReason.choices,
            "confirmed_count": sum(p.status == ParticipationStatus.CONFIRMED for p in coming),
        },
    )


@login_required
def slot_dashboard(request: AuthenticatedRequest, slot_id: int) -> HttpResponse:
    """Who comes (public names only), requests to answer, the waiting list in order."""
    slot = selectors.access_slot(request.user, slot_id, manage=True)
    return _dashboard(request, slot)


@login_required
@require_POST
def slot_capacity(request: AuthenticatedRequest, slot_id: int) -> HttpResponse:
    slot = selectors.access_slot(request.user, slot_id, manage=True)
    form = CapacityForm(request.POST, prefix="capacity")
    if form.is_valid():
        try:
            services.change_slot_capacity(
                request.user, slot, capacity=form.cleaned_data["capacity"]
            )
        except ActionRefused as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("Nombre de places modifié."))
            return redirect("actions:slot_dashboard", slot.pk)
    return _dashboard(request, slot, capacity_form=form)


def _managed_participation(request: AuthenticatedRequest, participation_id: int) -> Participation:
    """A participation of an action the user runs: a person's own participation is not enough."""
    participation = selectors.access_participation(request.user, participation_id)
    if not rules.can_manage_action(request.user, participation.slot.action):
        raise PermissionDenied
    return participation


def _form_errors(form: Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def decide_participation(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _managed_participation(request, participation_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            decided = services.decide_participation(
                request.user,
                participation,
                approve=form.approve,
                reason=form.cleaned_data["reason"],
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _decision_message(decided))
    return redirect("actions:slot_dashboard", participation.slot_id)


def _decision_message(participation: Participation) -> str:
    values: dict[str, Any] = {"name": participation.person.public_name}
    if participation.status == ParticipationStatus.CONFIRMED:
        return _("%(name)s est inscrit·e ; un e-mail le lui confirme.") % values
    if participation.status == ParticipationStatus.WAITLISTED:
        return (
            _("Demande acceptée : plus de place libre, %(name)s passe en liste d’attente.") % values
        )
    return _("Demande de %(name)s refusée ; le motif lui est envoyé.") % values


@login_required
@require_POST
def record_attendance(request: AuthenticatedRequest, participation_id: int) -> HttpResponse:
    participation = _managed_participation(request, participation_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        try:
            services.record_attendance(
                request.user,
                participation,
                attended=form.cleaned_data["attended"],
                hours=form.cleaned_data["hours"],
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Présence de %(name)s enregistrée.") % {"name": participation.person.public_name},
            )
    return redirect("actions:slot_dashboard", participation.slot_id)
