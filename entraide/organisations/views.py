"""Thin views: parse, access_*, one service call, render or redirect."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.core.audit import audit_trail
from entraide.core.confirmation import confirmation_page
from entraide.core.exceptions import ActionRefused
from entraide.core.page_sections import ORGANISATION_PAGE, sections_of
from entraide.organisations import rules, selectors, services
from entraide.organisations.forms import (
    DirectorySearchForm,
    InvitationForm,
    OrganisationForm,
    PartnershipRequestForm,
    QueueFilterForm,
    RejectionForm,
    RoleForm,
)
from entraide.organisations.models import Invitation
from entraide.territories.selectors import access_territory

MAP_POINTS_LIMIT = 500
QUEUE_PAGE_SIZE = 20


def directory(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = access_territory(territory_slug)
    request.territory = territory  # type: ignore[attr-defined]
    form = DirectorySearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors show beside their field; valid filters still apply
    results = selectors.search_directory(territory, form.search())
    page = Paginator(results, settings.ENTRAIDE_DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    map_points = [
        {
            "name": o.name,
            "url": o.get_absolute_url(),
            "lat": o.latitude,
            "lon": o.longitude,
            "commune": o.commune.name,
        }
        # The map needs a few columns, not the long descriptions.
        for o in results.only("name", "slug", "latitude", "longitude", "commune__name")[
            :MAP_POINTS_LIMIT
        ]
    ]
    context = {
        "territory": territory,
        "form": form,
        "page_obj": page,
        "organisations": page.object_list,
        "map_points": map_points,
        "result_count": page.paginator.count,
    }
    template = "organisations/directory.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template += "#results"
    return render(request, template, context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    role = rules.role_of(request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            # The actions' app adds the organisation's upcoming slots (core/page_sections.py).
            **sections_of(ORGANISATION_PAGE, request, organisation),
            "organisation": organisation,
            "role": role,
            "can_manage": role in rules.MANAGING_ROLES,
            "can_verify": rules.can_verify_organisation(request.user, organisation),
            "partners": selectors.partners_of(organisation),
            "identity_change": (
                selectors.pending_identity_change(organisation)
                if role in rules.MANAGING_ROLES
                else None
            ),
            "map_points": [
                {
                    "name": organisation.name,
                    "lat": organisation.latitude,
                    "lon": organisation.longitude,
                    "commune": organisation.commune.name,
                }
            ],
        },
    )


@login_required
def mine(request: AuthenticatedRequest) -> HttpResponse:
    memberships = selectors.memberships_of(request.user)
    return render(request, "organisations/mine.html", {"memberships": memberships})


@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(
            request.user, form.profile(), logo=form.prepared_logo
        )
        messages.success(
            request,
            _(
                "Votre organisation est enregistrée. L’équipe du territoire va la vérifier avant qu’elle apparaisse dans l’annuaire."
            ),
        )
        return redirect(organisation)
    return render(request, "organisations/form.html", {"form": form, "creating": True})


@login_required
def edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug, manage=True)
    pending = selectors.pending_identity_change(organisation)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        identity_change=pending,
    )
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            request.user,
            organisation,
            form.profile(),
            logo=form.prepared_logo,
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        if selectors.pending_identity_change(organisation) is not None:
            messages.success(
                request,
                _(
                    "Modifications enregistrées. Le nouveau nom, type, identifiant ou commune attend la validation de l’équipe du territoire : l’annuaire affiche les informations vérifiées d’ici là."
                ),
            )
        else:
            messages.success(request, _("Modifications enregistrées."))
        return redirect(organisation)
    return render(
        request,
        "organisations/form.html",
        {"form": form, "organisation": organisation, "identity_change": pending},
    )


def _queue_url(name: str, territory_slug: str | None) -> str:
    """Back to a queue as it was filtered (the queue checks the slug again)."""
    url = reverse(name)
    return f"{url}?{urlencode({'territoire': territory_slug})}" if territory_slug else url


def _filtered_queue(request: AuthenticatedRequest, read: Any) -> dict[str, Any]:
    """A staff queue (`read(user, territory=…)`), filtered by one of the user's territories
    (`?territoire=`, a refused value said on the page) and paginated."""
    if not rules.can_read_verification_queues(request.user):
        raise PermissionDenied
    form = QueueFilterForm(
        request.GET or None, territories=selectors.queue_territories(request.user)
    )
    chosen = form.chosen()
    page = Paginator(read(request.user, territory=chosen), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return {"page_obj": page, "form": form, "chosen": chosen}


@login_required
def verification_queue(request: AuthenticatedRequest) -> HttpResponse:
    queue = _filtered_queue(request, selectors.verification_queue)
    return render(
        request,
        "organisations/verification_queue.html",
        {
            **queue,
            "organisations": queue["page_obj"].object_list,
            "territories": selectors.organisations_to_verify_by_territory(request.user),
        },
    )


@login_required
@require_POST
def verify(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation_for_verification(request.user, slug)
    try:
        services.verify_organisation(request.user, organisation)
        messages.success(
            request,
            _("%(name)s est vérifiée et apparaît dans l’annuaire.") % {"name": organisation.name},
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    if request.POST.get("next") == "queue":
        return redirect(
            _queue_url("organisations:verification_queue", request.POST.get("territoire"))
        )
    return redirect(organisation)


@login_required
def reject(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation_for_verification(request.user, slug)
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_organisation(
                request.user, organisation, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("Le refus est enregistré et le motif envoyé à l’organisation.")
            )
            return redirect("organisations:verification_queue")
        except ActionRefused as refusal:
            form.add_error(refusal.field, refusal.message)
    return render(
        request, "organisations/reject.html", {"form": form, "organisation": organisation}
    )


@login_required
def identity_changes(request: AuthenticatedRequest) -> HttpResponse:
    queue = _filtered_queue(request, selectors.identity_changes_to_decide)
    return render(
        request,
        "organisations/identity_changes.html",
        {
            **queue,
            "changes": queue["page_obj"].object_list,
            "territories": selectors.identity_changes_by_territory(request.user),
        },
    )


@login_required
@require_POST
def approve_identity_change(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    change = selectors.access_identity_change(request.user, slug)
    try:
        organisation = services.approve_identity_change(request.user, change)
        messages.success(
            request,
            _("Le changement est validé : %(name)s reste vérifiée.") % {"name": organisation.name},
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect(_queue_url("organisations:identity_changes", request.POST.get("territoire")))


@login_required
def reject_identity_change(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    change = selectors.access_identity_change(request.user, slug)
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_identity_change(
                request.user, change, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("Le refus est enregistré et le motif envoyé à l’organisation.")
            )
            return redirect("organisations:identity_changes")
        except ActionRefused as refusal:
            form.add_error(refusal.field, refusal.message)
    return render(
        request,
        "organisations/reject.html",
        {"form": form, "organisation": change.organisation, "change": change},
    )


@login_required
def members(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    if not rules.can_manage_members(request.user, organisation):
        raise PermissionDenied
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": selectors.members_of(organisation),
            "invitations": selectors.pending_invitations_of(organisation),
            "invitation_form": InvitationForm(),
            "is_owner": rules.can_change_roles(request.user, organisation),
            "journal": audit_trail(organisation)[:30],
            "role_form": RoleForm(),
        },
    )


@login_required
def invite(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    if not rules.can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                request.user,
                organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
            messages.success(request, _("Invitation envoyée."))
            return redirect("organisations:members", organisation.slug)
        except ActionRefused as refusal:
            form.add_error(refusal.field, refusal.message)
    return render(
        request, "organisations/invite.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def change_role(request: AuthenticatedRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    membership = selectors.access_membership(request.user, organisation, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle."))
    else:
        try:
            services.change_member_role(request.user, membership, role=form.cleaned_data["role"])
            messages.success(
                request, _("Rôle de %(name)s modifié.") % {"name": membership.person.public_name}
            )
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
    return redirect("organisations:members", organisation.slug)


@login_required
def remove_member(request: AuthenticatedRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    membership = organisation.memberships.select_related("person").filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    leaving = membership.person_id == request.user.pk
    if not leaving:
        membership = selectors.access_membership(request.user, organisation, membership_id)
    if request.method != "POST":
        question = (
            _("Quitter %(org)s ?") % {"org": organisation.name}
            if leaving
            else _("Retirer %(name)s de %(org)s ?")
            % {"name": membership.person.public_name, "org": organisation.name}
        )
        return confirmation_page(
            request,
            title=_("Confirmation"),
            question=question,
            label=_("Confirmer"),
            cancel=organisation.get_absolute_url(),
        )
    try:
        services.remove_member(request.user, membership)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(organisation)
    messages.success(request, _("C’est fait."))
    return redirect(
        "organisations:mine" if leaving else organisation.get_absolute_url() + "membres/"
    )


@login_required
def transfer_ownership(
    request: AuthenticatedRequest, slug: str, membership_id: int
) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    membership = selectors.access_membership(request.user, organisation, membership_id)
    if not rules.can_change_roles(request.user, organisation):
        raise PermissionDenied
    if request.method != "POST":
        return confirmation_page(
            request,
            title=_("Transmettre la propriété"),
            question=_(
                "%(name)s deviendra propriétaire de %(org)s ; vous resterez administrateur·rice. Confirmer ?"
            )
            % {"name": membership.person.public_name, "org": organisation.name},
            label=_("Transmettre"),
            cancel=organisation.get_absolute_url() + "membres/",
        )
    try:
        services.transfer_ownership(request.user, organisation, membership)
        messages.success(
            request,
            _("%(name)s est désormais propriétaire.") % {"name": membership.person.public_name},
        )
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("organisations:members", organisation.slug)


@login_required
@require_POST
def revoke_invitation(request: AuthenticatedRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug)
    if not rules.can_manage_members(request.user, organisation):
        raise PermissionDenied
    invitation = selectors.pending_invitations_of(organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    try:
        services.revoke_invitation(request.user, invitation)
    except ActionRefused as refusal:  # answered or revoked meanwhile
        messages.error(request, str(refusal))
        return redirect("organisations:members", organisation.slug)
    messages.success(request, _("Invitation annulée."))
    return redirect("organisations:members", organisation.slug)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    pending: Invitation = selectors.access_invitation(token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            services.accept_invitation(request.user, pending)
            messages.success(
                request, _("Bienvenue dans %(org)s !") % {"org": pending.organisation.name}
            )
            return redirect(pending.organisation)
        except ActionRefused as refusal:
            messages.error(request, refusal.message)
    return render(request, "organisations/invitation.html", {"invitation": pending})


@login_required
def partnerships(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug, manage=True)
    words = request.GET.get("q", "")[:100]
    candidates = selectors.partner_candidates(organisation, words)[:20] if words.strip() else []
    return render(
        request,
        "organisations/partnerships.html",
        {
            "organisation": organisation,
            "partnerships": selectors.partnerships_of(organisation),
            "candidates": candidates,
            "q": words,
            "can_request": rules.can_request_partnership(request.user, organisation),
        },
    )


@login_required
@require_POST
def request_partnership(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = selectors.access_organisation(request.user, slug, manage=True)
    form = PartnershipRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez une organisation."))
        return redirect("organisations:partnerships", organisation.slug)
    partner = selectors.access_organisation(request.user, form.cleaned_data["partner"])
    try:
        services.request_partnership(
            request.user, organisation, partner, message=form.cleaned_data["message"]
        )
        messages.success(request, _("Demande envoyée à %(name)s.") % {"name": partner.name})
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("organisations:partnerships", organisation.slug)


@login_required
@require_POST
def decide_partnership(
    request: AuthenticatedRequest, partnership_id: int, decision: str
) -> HttpResponse:
    partnership = selectors.access_partnership(request.user, partnership_id)
    try:
        if decision == "accepter":
            services.decide_partnership(request.user, partnership, accept=True)
            messages.success(request, _("Vous êtes désormais partenaires."))
        elif decision == "refuser":
            services.decide_partnership(request.user, partnership, accept=False)
            messages.success(request, _("Demande refusée."))
        elif decision == "terminer":
            services.end_partnership(request.user, partnership)
            messages.success(request, _("Partenariat terminé."))
        else:
            raise Http404
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    side = (
        partnership.partner
        if rules.can_manage_organisation(request.user, partnership.partner)
        else partnership.requester
    )
    return redirect("organisations:partnerships", side.slug)
