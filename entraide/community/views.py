"""Pages of the trusted networks. Every rule is the services'; a view reads through the
selectors (a secret group is a plain 404 for a non-member), calls one service and shows its
refusal next to the field it is about, or at the top of the page it comes back to."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.models import User
from entraide.accounts.rules import can_view_member
from entraide.community import network_selectors, rules, selectors, services
from entraide.community.enums import Admission, MembershipState
from entraide.community.forms import (
    CharterForm,
    GroupForm,
    JoinForm,
    ReasonForm,
    RefuseForm,
    RoleForm,
    SponsorForm,
)
from entraide.community.models import Connection, Group, Membership
from entraide.community.post_views import feed_context
from entraide.core.confirmation import confirmation_page
from entraide.core.exceptions import ActionRefused

PAGE_SIZE = 20
INVITATION_SESSION_KEY = "community.invitation"


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _refused(request: HttpRequest, error: ActionRefused, to: str) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(to)


# --- Connections --------------------------------------------------------------------------


@login_required
def connections(request: AuthenticatedRequest) -> HttpResponse:
    # Once: "Plus tard" on the invitation comes back here and must not be sent there again.
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if isinstance(token, str) and selectors.valid_invitation(token) is not None:
        # Signed up or logged in from an invitation: finish it now.
        return redirect("community:invitation", token)
    me = request.user
    page_obj = _page(request, selectors.accepted_connections(me))
    for connection in page_obj:
        connection.person = connection.second if connection.first_id == me.pk else connection.first
    return render(
        request,
        "community/connections.html",
        {
            "page_obj": page_obj,
            "asked_of_me": list(selectors.requests_asked_of(me)[:50]),
            "asked_by_me": selectors.requests_asked_by(me).count(),
            "invitation": selectors.current_invitation(me),
        },
    )


def _person(request: AuthenticatedRequest, user_id: int) -> User:
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None or not can_view_member(request.user, person):
        raise Http404
    return person


@login_required
@require_POST
def ask_connection(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    back = request.POST.get("next") or reverse("accounts:member", args=[person.pk])
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not back.startswith("/"):
        back = reverse("community:connections")
    try:
        connection = services.ask_connection(request.user, person)
    except ActionRefused as error:
        return _refused(request, error, back)
    if connection.status == "accepted":
        messages.success(request, _("Vous êtes maintenant en relation."))
    else:
        messages.success(request, _("Votre demande est envoyée."))
    return redirect(back)


def _own_connection(request: AuthenticatedRequest, connection_id: int) -> Connection:
    """A connection the user is one side of; anybody else's is a 404 (tampered ids)."""
    me = request.user.pk
    connection = Connection.objects.filter(pk=connection_id).select_related("first", "second")
    found = connection.first()
    if found is None or me not in (found.first_id, found.second_id):
        raise Http404
    return found


@login_required
@require_POST
def answer_connection(
    request: AuthenticatedRequest, connection_id: int, decision: str
) -> HttpResponse:
    connection = _own_connection(request, connection_id)
    try:
        if decision == "accepter":
            services.accept_connection(request.user, connection)
            messages.success(request, _("Vous êtes maintenant en relation."))
        elif decision == "decliner":
            services.decline_connection(request.user, connection)
            messages.success(request, _("Demande déclinée."))
        else:
            raise Http404
    except ActionRefused as error:
        return _refused(request, error, reverse("community:connections"))
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("community:connections")


@login_required
@require_http_methods(["GET", "POST"])
def remove_connection(request: AuthenticatedRequest, connection_id: int) -> HttpResponse:
    connection = _own_connection(request, connection_id)
    other = connection.second if connection.first_id == request.user.pk else connection.first
    if request.method == "POST":
        try:
            services.remove_connection(request.user, connection)
        except ActionRefused as error:
            return _refused(request, error, reverse("community:connections"))
        messages.success(request, _("Relation retirée."))
        return redirect("community:connections")
    return confirmation_page(
        request,
        title=_("Retirer une relation"),
        question=_("Retirer %(person)s de vos relations ? Cette personne n’en est pas prévenue.")
        % {"person": other.public_name},
        label=_("Retirer"),
        cancel=reverse("community:connections"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_person(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    person = _person(request, user_id)
    if request.method == "POST":
        try:
            services.block_person(request.user, person)
        except ActionRefused as error:
            return _refused(request, error, reverse("community:connections"))
        messages.success(request, _("Cette personne est bloquée."))
        return redirect("community:connections")
    return confirmation_page(
        request,
        title=_("Bloquer une personne"),
        question=_(
            "Bloquer %(person)s ? Votre relation prend fin et aucun de vous deux ne pourra "
            "demander à se relier à l’autre."
        )
        % {"person": person.public_name},
        label=_("Bloquer"),
        cancel=reverse("community:connections"),
    )


@login_required
@require_POST
def create_invitation(request: AuthenticatedRequest) -> HttpResponse:
    services.invite_by_link(request.user)
    messages.success(request, _("Votre lien d’invitation est prêt : il reste valable 14 jours."))
    return redirect("community:connections")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.valid_invitation(token)
    if found is None:
        request.session.pop(INVITATION_SESSION_KEY, None)
        return render(request, "community/invitation_invalid.html", status=404)
    if not request.user.is_authenticated:
        # A newcomer signs up (or logs in) and comes back here; the session keeps the link.
        request.session[INVITATION_SESSION_KEY] = token
        return render(request, "community/invitation.html", {"invitation": found})
    if request.method == "POST":
        request.session.pop(INVITATION_SESSION_KEY, None)
        try:
            services.accept_invitation(cast(User, request.user), token)
        except ActionRefused as error:
            return _refused(request, error, reverse("community:connections"))
        messages.success(
            request,
            _("Vous êtes maintenant en relation avec %(person)s.")
            % {"person": found.inviter.public_name},
        )
        return redirect("community:connections")
    return render(request, "community/invitation.html", {"invitation": found})


# --- Groups -------------------------------------------------------------------------------


def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/group_list.html",
        {
            "page_obj": _page(request, selectors.listed_groups(request.user)),
            "my_groups": list(selectors.groups_of(request.user)[:50]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_group(request: AuthenticatedRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.create_group(
                request.user,
                name=data["name"],
                description=data["description"],
                charter=data["charter"],
                admission=data["admission"],
                sponsors_required=data["sponsors_required"],
                approval_after_sponsorship=data["approval_after_sponsorship"],
                visibility=data["visibility"],
                join_questions=form.questions(),
                anti_collusion=data["anti_collusion"],
                accountability=data["accountability"],
            )
        except ActionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Votre groupe est créé : vous en êtes l’administrateur."))
            return redirect(group)
    return render(request, "community/group_form.html", {"form": form})


def _charter_first(request: HttpRequest, group: Group) -> HttpResponse | None:
    """A member who has not accepted the charter in force reads it before anything else."""
    if selectors.must_accept_charter(request.user, group):
        return redirect("community:charter", group.slug)
    return None


def _group_context(request: HttpRequest, group: Group) -> dict[str, Any]:
    membership = rules.membership_of(request.user, group)
    active = membership is not None and membership.state == MembershipState.ACTIVE
    return {
        "group": group,
        "membership": membership,
        "is_member": active,
        "can_manage": rules.can_manage_group(request.user, group),
        "can_review": rules.can_review_requests(request.user, group),
        "can_see_content": rules.can_see_content(request.user, group),
    }


def group(request: HttpRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_group(request.user, group_slug)
    if (redirected := _charter_first(request, found)) is not None:
        return redirected
    context = _group_context(request, found)
    context["charter"] = selectors.current_charter(found)
    # A secret parent is named only to those who may see it.
    context["parent"] = (
        found.parent
        if found.parent is not None and rules.can_see_group(request.user, found.parent)
        else None
    )
    context["member_count"] = selectors.active_member_count(found)
    if context["can_review"]:
        context["pending_count"] = selectors.pending_requests(found).count()
    membership = context["membership"]
    if membership is not None and membership.state == MembershipState.REQUESTED:
        context["my_sponsor_count"] = len(selectors.sponsor_ids_of(membership))
    if context["is_member"]:
        context["subgroups"] = [
            sub
            for sub in found.subgroups.order_by("name")
            if rules.can_see_group(request.user, sub)
        ]
    context.update(feed_context(request, found))
    return render(request, "community/group.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def join_group(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_group(request.user, group_slug)
    form = JoinForm(request.POST or None, group=found)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.ask_to_join(
                request.user,
                found,
                answers=form.answers(),
                accept_charter=form.cleaned_data["accept_charter"],
            )
        except ActionRefused as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            if membership.state == MembershipState.ACTIVE:
                messages.success(request, _("Bienvenue dans le groupe !"))
            elif found.admission == Admission.SPONSORSHIP:
                messages.success(
                    request,
                    _(
                        "Votre demande est enregistrée : il vous faut maintenant des parrains parmi les membres."
                    ),
                )
            else:
                messages.success(request, _("Votre demande est envoyée aux administrateurs."))
            return redirect(found)
    return render(
        request,
        "community/join.html",
        {"group": found, "form": form, "charter": selectors.current_charter(found)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave_group(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_group(request.user, group_slug)
    if request.method == "POST":
        try:
            services.leave_group(request.user, found)
        except ActionRefused as error:
            return _refused(request, error, found.get_absolute_url())
        messages.success(request, _("Vous avez quitté le groupe."))
        return redirect("community:groups")
    return confirmation_page(
        request,
        title=_("Quitter le groupe"),
        question=_(
            "Quitter « %(group)s » ? Les parrainages et la confiance que vous avez donnés "
            "restent enregistrés."
        )
        % {"group": found.name},
        label=_("Quitter"),
        cancel=found.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_group(request.user, group_slug)
    if not rules.is_active_member(request.user, found):
        raise Http404
    current = selectors.current_charter(found)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.accept_charter(request.user, found, version=version)
        except ActionRefused as error:
            return _refused(request, error, request.path)
        messages.success(request, _("Merci : la charte est acceptée."))
        return redirect(found)
    return render(
        request,
        "community/charter.html",
        {
            "group": found,
            "charter": current,
            "must_accept": selectors.must_accept_charter(request.user, found),
        },
    )


def members(request: HttpRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_group_content(request.user, group_slug)
    if (redirected := _charter_first(request, found)) is not None:
        return redirected
    context = _group_context(request, found)
    context["page_obj"] = page_obj = _page(request, selectors.active_members(found))
    if context["is_member"]:
        # Where the viewer stands with each member: one query for the page.
        standings = network_selectors.standings_with(
            cast(User, request.user).pk, [member.person_id for member in page_obj]
        )
        for member in page_obj:
            member.standing = standings.get(member.person_id)
    return render(request, "community/members.html", context)


def _member_only(request: HttpRequest, group_slug: str) -> Group:
    found = selectors.access_group(request.user, group_slug)
    if not rules.is_active_member(request.user, found):
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def candidate(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    """A candidate's page for the group's members: how many sponsors, how many of the viewer's
    connections vouched for them (no names), and the sponsor form."""
    found = _member_only(request, group_slug)
    if (redirected := _charter_first(request, found)) is not None:
        return redirected
    request_row = selectors.access_membership(found, group_membership_id)
    # A POST replayed after the admission (or a second sponsorship) is the service's to
    # refuse with its message; only the page of a request still waiting is shown.
    if request.method != "POST" and request_row.state != MembershipState.REQUESTED:
        raise Http404
    form = SponsorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sponsor_candidate(
                request.user, request_row, sentence=form.cleaned_data["sentence"]
            )
        except ActionRefused as error:
            if error.field != "sentence":
                return _refused(request, error, found.get_absolute_url())
            form.add_error("sentence", error.message)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Merci : votre parrainage est enregistré."))
            return redirect(found)
    if request_row.state != MembershipState.REQUESTED:
        raise Http404
    can_sponsor, refusal = True, ""
    try:
        services.ensure_can_sponsor(request.user, found)
    except ActionRefused as error:
        can_sponsor, refusal = False, error.message
    sponsor_ids = selectors.sponsor_ids_of(request_row)
    return render(
        request,
        "community/candidate.html",
        {
            **_group_context(request, found),
            "candidate": request_row,
            "form": form,
            "sponsor_count": len(sponsor_ids),
            "already_sponsored": request.user.pk in sponsor_ids,
            "recommended_by": selectors.recommended_by_count(request.user, request_row),
            "can_sponsor": can_sponsor and found.admission == Admission.SPONSORSHIP,
            "refusal": refusal,
        },
    )


@login_required
@require_POST
def give_trust(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found = _member_only(request, group_slug)
    receiver = selectors.access_membership(found, group_membership_id)
    back = reverse("community:members", args=[found.slug])
    try:
        services.give_trust(request.user, receiver)
    except ActionRefused as error:
        return _refused(request, error, back)
    messages.success(request, _("Votre confiance est enregistrée."))
    return redirect(back)


@login_required
def my_sponsorships(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = _member_only(request, group_slug)
    if request.method == "POST":
        services.set_sponsee_news(request.user, found, tell_me=request.POST.get("tell_me") == "on")
        messages.success(request, _("Votre choix est enregistré."))
        return redirect(request.path)
    membership = rules.membership_of(request.user, found)
    return render(
        request,
        "community/my_sponsorships.html",
        {
            **_group_context(request, found),
            "page_obj": _page(request, selectors.sponsored_by(request.user, found)),
            "tell_me": bool(membership and membership.tell_me_about_sponsees),
        },
    )


# --- Administration of a group ------------------------------------------------------------


@login_required
def group_admin(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_managed_group(request.user, group_slug)
    return render(
        request,
        "community/admin_requests.html",
        {
            **_group_context(request, found),
            "page_obj": _page(request, selectors.pending_requests(found)),
        },
    )


def _managed_membership(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> tuple[Group, Membership]:
    found = selectors.access_managed_group(request.user, group_slug)
    return found, selectors.access_membership(found, group_membership_id)


@login_required
def member_admin(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    context = _group_context(request, found)
    context.update(
        {
            "member": membership,
            "chain": selectors.sponsorship_chain(found, membership)
            if context["can_manage"]
            else [],
            "sponsorships": list(
                selectors.sponsorships_of_request(membership).select_related("sponsor")
            ),
            "removed_sponsees": rules.removed_sponsees(membership),
            "lost_right": rules.has_lost_sponsoring_right(membership),
            "role_form": RoleForm(initial={"role": membership.role}),
            "refuse_form": RefuseForm(),
        }
    )
    return render(request, "community/admin_member.html", context)


def _decided(request: AuthenticatedRequest, group: Group, call: Any, success: str) -> HttpResponse:
    back = reverse("community:admin", args=[group.slug])
    try:
        call()
    except ActionRefused as error:
        return _refused(request, error, back)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, success)
    return redirect(back)


@login_required
@require_POST
def approve(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    return _decided(
        request,
        found,
        lambda: services.approve_membership(request.user, membership),
        _("Demande acceptée."),
    )


@login_required
@require_POST
def refuse(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    # The service checks the reason's length: an over-long one is refused with its message,
    # not dropped for an empty one.
    reason = str(request.POST.get("reason", ""))
    return _decided(
        request,
        found,
        lambda: services.refuse_membership(request.user, membership, reason=reason),
        _("Demande refusée."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    if not rules.can_manage_group(request.user, found):
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_membership(request.user, membership, reason=form.cleaned_data["reason"])
        except ActionRefused as error:
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("La personne est exclue du groupe."))
            return redirect("community:admin", found.slug)
    return confirmation_page(
        request,
        title=_("Exclure du groupe"),
        question=_(
            "Exclure %(person)s de « %(group)s » ? Ses messages restent ; l’exclusion compte "
            "pour ses parrains."
        )
        % {"person": membership.person.public_name, "group": found.name},
        label=_("Exclure"),
        cancel=reverse("community:member_admin", args=[found.slug, membership.pk]),
        form=form,
    )


@login_required
@require_POST
def set_role(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle de la liste."))
        return redirect("community:member_admin", found.slug, membership.pk)
    return _decided(
        request,
        found,
        lambda: services.set_role(request.user, membership, role=form.cleaned_data["role"]),
        _("Le rôle est changé."),
    )


@login_required
@require_POST
def restore_right(
    request: AuthenticatedRequest, group_slug: str, group_membership_id: int
) -> HttpResponse:
    found, membership = _managed_membership(request, group_slug, group_membership_id)
    return _decided(
        request,
        found,
        lambda: services.restore_sponsoring_right(request.user, membership),
        _("Cette personne peut de nouveau parrainer."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish_charter(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = selectors.access_managed_group(request.user, group_slug)
    if not rules.can_manage_group(request.user, found):
        raise Http404
    current = selectors.current_charter(found)
    form = CharterForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_charter(request.user, found, text=form.cleaned_data["text"])
        except ActionRefused as error:
            form.add_error("text", error.message)
        else:
            messages.success(
                request,
                _(
                    "La nouvelle charte est publiée : chaque membre l’acceptera à sa prochaine visite."
                ),
            )
            return redirect(found)
    return render(request, "community/charter_form.html", {"group": found, "form": form})
