"""Pages and page sections of the network around a person (issue 14): the QR code of one's
invitation link, where one stands with a person on their page, which connections take part in
an action, recommending and sharing it; invitations into a group and sub-groups. The sections are added to pages of apps below
(accounts' member page, actions' page) through core.page_sections: they never import us."""

import io
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from entraide.accounts.http import AuthenticatedRequest
from entraide.accounts.models import User
from entraide.actions.models import Action
from entraide.actions.selectors import access_action
from entraide.community import network, network_selectors, rules, selectors, services
from entraide.community.enums import MembershipState
from entraide.community.forms import GroupForm, JoinForm
from entraide.community.models import Group, GroupInvitation
from entraide.community.views import PAGE_SIZE
from entraide.core.exceptions import ActionRefused
from entraide.core.page_sections import (
    ACTION_PAGE,
    MEMBER_PAGE,
    PageSection,
    register_page_section,
)

# --- The QR code of the invitation link ---------------------------------------------------


@login_required
def invitation_qr(request: AuthenticatedRequest) -> HttpResponse:
    """The owner's current invitation link as an SVG QR code: no token in the URL, so it is
    only ever the viewer's own, and private to their browser's cache."""
    invitation = selectors.current_invitation(request.user)
    if invitation is None:
        raise Http404
    url = request.build_absolute_uri(invitation.get_absolute_url())
    svg = io.BytesIO()
    segno.make(url, error="m").save(
        svg, kind="svg", scale=6, border=4, xmldecl=False, title=_("Lien d’invitation")
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    patch_cache_control(response, private=True, max_age=300)
    return response


# --- A person's page: where the viewer stands with them -----------------------------------


def member_section(request: HttpRequest, person: User) -> dict[str, Any]:
    """How many connections the viewer and the person share (a number, never the list) and
    the viewer's button: ask, answer, or the connection as it is."""
    viewer = request.user
    if not isinstance(viewer, User) or viewer.pk == person.pk:
        return {"network_member": None}
    standing = network_selectors.standing_with(viewer, person)
    return {
        "network_member": {
            "standing": standing,
            "shared_count": selectors.shared_connections_count(viewer, person),
        }
    }


# --- An action's page: connections taking part, recommending, sharing ---------------------


def action_section(request: HttpRequest, action: Action) -> dict[str, Any]:
    """No query for an anonymous visitor; at most two for a logged-in one (the participating
    connections, and their number when there are more than the names shown)."""
    if not action.is_published:
        return {"network_action": None}
    section: dict[str, Any] = {
        "share_url": request.build_absolute_uri(action.get_absolute_url()),
        "participants": [],
        "participant_count": 0,
        "can_recommend": False,
    }
    viewer = request.user
    if isinstance(viewer, User):
        people, count = network_selectors.participating_connections(viewer, action)
        section.update(participants=people, participant_count=count, can_recommend=True)
        section["more"] = count - len(people)
    return {"network_action": section}


class RecommendForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("À qui la recommander ?"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("%(count)d personnes au plus à la fois.")
        % {"count": network.RECOMMEND_AT_ONCE},
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["people"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.connected_people(person)  # labelled by their public name


@login_required
@require_http_methods(["GET", "POST"])
def recommend_action(request: AuthenticatedRequest, action_id: int) -> HttpResponse:
    action = access_action(request.user, action_id)
    if not action.is_published:
        raise Http404
    form = RecommendForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            told = network.recommend_action(
                request.user, action, people=list(form.cleaned_data["people"])
            )
        except ActionRefused as error:
            form.add_error("people" if error.field == "people" else None, error.message)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            if told:
                messages.success(
                    request,
                    _("Votre recommandation est envoyée à %(count)d personne(s).")
                    % {"count": len(told)},
                )
            else:
                messages.info(request, _("Ces personnes avaient déjà reçu votre recommandation."))
            return redirect(action)
    return render(request, "community/network/recommend.html", {"action": action, "form": form})


def register() -> None:
    """community's additions to the pages of the apps below it (apps.ready)."""
    network.register_kinds()
    register_page_section(
        PageSection(
            page=MEMBER_PAGE,
            order=50,
            template_name="community/network/member_section.html",
            context=member_section,
        )
    )
    register_page_section(
        PageSection(
            page=ACTION_PAGE,
            order=50,
            template_name="community/network/action_section.html",
            context=action_section,
        )
    )


# --- Invitations into a group ---------------------------------------------------------------


def _managed(request: AuthenticatedRequest, group_slug: str) -> Group:
    """A group the viewer administers (moderators review requests, admins invite)."""
    found = selectors.access_managed_group(request.user, group_slug)
    if not rules.can_manage_group(request.user, found):
        raise Http404
    return found


class InviteForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Inviter une de mes relations"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, actor: User, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = network_selectors.invitable_connections(actor, group)


@login_required
@require_http_methods(["GET", "POST"])
def group_invitations(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    """The admins' page: invite a connection, the group's link, the invitations still open."""
    found = _managed(request, group_slug)
    form = InviteForm(request.POST or None, actor=request.user, group=found)
    if request.method == "POST" and form.is_valid():
        try:
            network.invite_to_group(request.user, found, form.cleaned_data["person"])
        except ActionRefused as error:
            form.add_error("person" if error.field == "person" else None, error.message)
        else:
            messages.success(request, _("Votre invitation est envoyée : elle vaut 14 jours."))
            return redirect("community:group_invitations", found.slug)
    link = network_selectors.current_group_link(found)
    return render(
        request,
        "community/network/group_invitations.html",
        {
            "group": found,
            "form": form,
            "link": link,
            "page_obj": Paginator(
                network_selectors.pending_group_invitations(found), PAGE_SIZE
            ).get_page(request.GET.get("page")),
        },
    )


@login_required
@require_POST
def create_group_link(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = _managed(request, group_slug)
    network.create_group_link(request.user, found)
    messages.success(request, _("Le lien d’invitation du groupe est prêt : il vaut 14 jours."))
    return redirect("community:group_invitations", found.slug)


@login_required
@require_POST
def revoke_group_invitation(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    found = _managed(request, group_slug)
    try:
        invitation_id = int(request.POST.get("invitation", ""))
    except ValueError as error:
        raise Http404 from error
    invitation = GroupInvitation.objects.filter(pk=invitation_id, group=found).first()
    if invitation is None:
        raise Http404
    network.revoke_group_invitation(request.user, invitation)
    messages.success(request, _("L’invitation est retirée."))
    return redirect("community:group_invitations", found.slug)


@require_http_methods(["GET", "POST"])
def group_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's page: the group (a secret one too), its charter and the join form.
    Logged out, nothing of the group is shown; an invitation expired, used, withdrawn or meant
    for someone else is a plain 404 that never names it."""
    if not isinstance(request.user, User):
        return render(request, "community/network/group_invitation_login.html")
    invitation = network_selectors.access_group_invitation(request.user, token)
    found = invitation.group
    if rules.is_active_member(request.user, found):
        return redirect(found)
    form = JoinForm(request.POST or None, group=found)
    if request.method == "POST" and form.is_valid():
        try:
            membership = network.join_by_invitation(
                request.user,
                invitation,
                answers=form.answers(),
                accept_charter=form.cleaned_data["accept_charter"],
            )
        except ActionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if membership.state == MembershipState.ACTIVE:
                messages.success(request, _("Bienvenue dans le groupe !"))
            else:
                messages.success(request, _("Votre demande est enregistrée."))
            return redirect(found)
    return render(
        request,
        "community/network/group_invitation.html",
        {
            "invitation": invitation,
            "group": found,
            "form": form,
            "charter": selectors.current_charter(found),
        },
    )


# --- A sub-group ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_subgroup(request: AuthenticatedRequest, group_slug: str) -> HttpResponse:
    """Any active member of a group creates a group inside it; only the parent's members may
    then join it (services.ask_to_join)."""
    parent = selectors.access_group(request.user, group_slug)
    if not rules.is_active_member(request.user, parent):
        raise Http404
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
                parent=parent,
            )
        except ActionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Votre sous-groupe est créé : vous en êtes l’administrateur.")
            )
            return redirect(group)
    return render(request, "community/network/subgroup_form.html", {"form": form, "parent": parent})
