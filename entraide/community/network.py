"""Writes of the network around a person (issue 14): recommending an action to one's
connections, keeping an invitation link through sign-up, inviting into a group. Same shape as services.py: `verb_noun(actor, obj, *, ...)`, the rule checked, one
transaction, the audit log, people told after the commit."""

import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import User
from entraide.actions.models import Action
from entraide.actions.rules import can_view_action
from entraide.community import network_selectors, rules, selectors, services
from entraide.community.models import (
    Connection,
    Group,
    GroupInvitation,
    KeptInvitation,
    Membership,
)
from entraide.community.network_selectors import connected_ids
from entraide.core.audit import log_action
from entraide.core.exceptions import ActionRefused
from entraide.core.models import AuditEntry
from entraide.core.notifications import KIND_LABELS, notify
from entraide.core.rate_limits import CountedLimit

RECOMMENDED = "community.action.recommended"  # the audit log's name
ACTION_RECOMMENDED = "community.action_recommended"  # the notification's kind
GROUP_INVITED = "community.group_invited"
# Chosen at once on the form; and people told in a day, whichever the actions.
RECOMMEND_AT_ONCE = 20
RECOMMENDATIONS = CountedLimit(
    most=60,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez déjà recommandé des actions à %(count)d personnes aujourd’hui. "
        "Merci de réessayer demain."
    ),
)


def register_kinds() -> None:
    """Offered on the preferences page (community.notifications does the same for its own)."""
    KIND_LABELS.setdefault(
        ACTION_RECOMMENDED, gettext_lazy("Une de mes relations me recommande une action")
    )
    KIND_LABELS.setdefault(
        GROUP_INVITED, gettext_lazy("Une de mes relations m’invite dans un groupe")
    )


def _ensure_logged_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied


def recommended_already(actor: User, action: Action) -> set[int]:
    """The people the actor already recommended this action to (told once, not twice)."""
    rows = AuditEntry.objects.filter(
        actor=actor, action=RECOMMENDED, target_id=str(action.pk)
    ).values_list("data__person", flat=True)
    return {int(person_id) for person_id in rows if person_id is not None}


def recommend_action(actor: User, action: Action, *, people: list[User]) -> list[User]:
    """Send the action to chosen connections as a notification: at most 20 at once and 60 a
    day, only to accepted connections, once per person and action. Returns those told (the
    ones already told of it are left out)."""
    _ensure_logged_in(actor)
    if not can_view_action(actor, action) or not action.is_published:
        raise PermissionDenied
    chosen = list({person.pk: person for person in people}.values())
    if not chosen:
        raise ActionRefused(_("Choisissez au moins une de vos relations."), field="people")
    if len(chosen) > RECOMMEND_AT_ONCE:
        raise ActionRefused(
            _("Choisissez %(count)d personnes au plus à la fois.") % {"count": RECOMMEND_AT_ONCE},
            field="people",
        )
    with transaction.atomic():
        # One recommendation at a time per person: the daily count cannot be raced past.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        connected = set(
            User.objects.filter(pk__in=connected_ids(actor.pk), is_active=True).values_list(
                "pk", flat=True
            )
        )
        if any(person.pk not in connected for person in chosen):
            raise PermissionDenied
        done = recommended_already(actor, action)
        told = [person for person in chosen if person.pk not in done]
        used = RECOMMENDATIONS.used(AuditEntry.objects.filter(actor=actor, action=RECOMMENDED))
        if used + len(told) > RECOMMENDATIONS.most:
            raise ActionRefused(str(RECOMMENDATIONS.refusal) % {"count": RECOMMENDATIONS.most})
        for person in told:
            log_action(actor, RECOMMENDED, action, person=person.pk)
            _tell(person, actor, action)
    return told


def _tell(person: User, actor: User, action: Action) -> None:
    context = {"sender": actor, "action": action, "url": action.get_absolute_url()}
    transaction.on_commit(lambda: notify(person, ACTION_RECOMMENDED, context))


# --- An invitation link followed before signing up ----------------------------------------


def keep_invitation(actor: User, token: str) -> KeptInvitation | None:
    """Keep the link a newcomer followed with the account they just made, so that verifying
    the address on any device connects them (the session alone is lost on another device)."""
    invitation = selectors.valid_invitation(token)
    if invitation is None or invitation.inviter_id == actor.pk:
        return None
    with transaction.atomic():
        kept, _created = KeptInvitation.objects.get_or_create(person=actor, invitation=invitation)
        log_action(actor, "community.invitation.kept", invitation)
    return kept


def complete_kept_invitations(actor: User) -> list[Connection]:
    """The address is verified: each kept link still valid connects the person with its owner
    (through services.accept_invitation, so blocks and lifecycles hold); all are then
    forgotten, the ones refused or expired too."""
    kept = list(
        KeptInvitation.objects.filter(person=actor).select_related("invitation").order_by("pk")
    )
    KeptInvitation.objects.filter(person=actor).delete()
    connected = []
    for row in kept:
        try:
            connected.append(services.accept_invitation(actor, row.invitation.token))
        except ActionRefused:
            continue  # expired, blocked, already connected: nothing to complete
    return connected


# --- Invitations into a group -----------------------------------------------------------------

GROUP_INVITATIONS = CountedLimit(
    most=50,
    window=timedelta(days=1),
    refusal=gettext_lazy(
        "Vous avez déjà envoyé %(count)d invitations aujourd’hui. Merci de réessayer demain."
    ),
)


def _ensure_manager(actor: User, group: Group) -> None:
    if not rules.can_manage_group(actor, group):
        raise PermissionDenied


def invite_to_group(actor: User, group: Group, person: User) -> GroupInvitation:
    """An admin invites one of their connections: a single-use invitation for 14 days, told to
    the person. An invitation still open for them is returned as it is."""
    _ensure_logged_in(actor)
    _ensure_manager(actor, group)
    if not person.is_active or not rules.are_connected(actor.pk, person.pk):
        raise ActionRefused(_("Vous ne pouvez inviter que vos relations."), field="person")
    if rules.membership_of(person, group) is not None:
        raise ActionRefused(
            _("Cette personne est déjà membre du groupe, ou sa demande est en cours."),
            field="person",
        )
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        open_one = network_selectors.pending_group_invitations(group).filter(person=person).first()
        if open_one is not None:
            return open_one
        GROUP_INVITATIONS.ensure_under(GroupInvitation.objects.filter(invited_by=actor))
        invitation = GroupInvitation.objects.create(
            group=group,
            invited_by=actor,
            person=person,
            token=secrets.token_urlsafe(24),
            expires_at=timezone.now() + services.INVITATION_LIFETIME,
        )
        log_action(
            actor, "community.group_invitation.created", group, person=person.pk,
            invitation=invitation.pk,
        )  # fmt: skip
        context = {"inviter": actor, "group": group, "url": invitation.get_absolute_url()}
        transaction.on_commit(lambda: notify(person, GROUP_INVITED, context))
    return invitation


def create_group_link(actor: User, group: Group) -> GroupInvitation:
    """The group's invitation link: the one still open, or a new one for 14 days. Whoever holds
    it sees the group and may ask to join; their request waits for the group's usual answer."""
    _ensure_logged_in(actor)
    _ensure_manager(actor, group)
    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        link = network_selectors.current_group_link(group)
        if link is None:
            link = GroupInvitation.objects.create(
                group=group,
                invited_by=actor,
                token=secrets.token_urlsafe(24),
                expires_at=timezone.now() + services.INVITATION_LIFETIME,
            )
            log_action(actor, "community.group_invitation.link_created", group, invitation=link.pk)
    return link


def revoke_group_invitation(actor: User, invitation: GroupInvitation) -> GroupInvitation:
    _ensure_logged_in(actor)
    _ensure_manager(actor, invitation.group)
    with transaction.atomic():
        locked = GroupInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.revoked_at is None and locked.used_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            log_action(
                actor, "community.group_invitation.revoked", locked.group, invitation=locked.pk
            )
    return locked


def join_by_invitation(
    actor: User, invitation: GroupInvitation, *, answers: list[str], accept_charter: bool
) -> Membership:
    """Ask to join through an invitation: the group's questions, charter, sponsors and parent
    still apply (services.ask_to_join). An admin's invitation of this very person is that
    admin's approval in a group admitting on approval, if they are still its admin; a link is
    not (anyone may have been handed it), and no invitation replaces sponsors. A person's
    invitation is used once."""
    _ensure_logged_in(actor)
    with transaction.atomic():
        locked = (
            GroupInvitation.objects.select_for_update(of=("self",))
            .select_related("group", "group__parent", "invited_by")
            .get(pk=invitation.pk)
        )
        usable = (
            locked.used_at is None
            and locked.revoked_at is None
            and locked.expires_at > timezone.now()
            and locked.person_id in (None, actor.pk)
        )
        if not usable:
            raise ActionRefused(_("Cette invitation n’est plus valable."))
        inviter = locked.invited_by
        approver = (
            inviter
            if locked.person_id == actor.pk
            and inviter is not None
            and rules.can_manage_group(inviter, locked.group)
            else None
        )
        membership = services.ask_to_join(
            actor,
            locked.group,
            answers=answers,
            accept_charter=accept_charter,
            invited=True,
            approved_by=approver,
        )
        if locked.person_id is not None:
            locked.used_at = timezone.now()
            locked.save(update_fields=["used_at"])
        log_action(
            actor, "community.group_invitation.used", locked.group, invitation=locked.pk,
            membership=membership.pk, approved_by=approver.pk if approver else None,
        )  # fmt: skip
    return membership
