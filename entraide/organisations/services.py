"""Writes. Each service checks its rule, runs in one transaction, writes the audit log and
queues its notifications for after the commit."""

import secrets
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts
from entraide.core.exceptions import ActionRefused
from entraide.core.lifecycles import Transition
from entraide.core.notifications import notify, notify_address
from entraide.core.text import search_document
from entraide.organisations import rules
from entraide.organisations.enums import (
    IDENTITY_CHANGE_LIFECYCLE,
    INVITATION_LIFECYCLE,
    PARTNERSHIP_LIFECYCLE,
    VERIFICATION_LIFECYCLE,
    IdentityChangeStatus,
    Interest,
    InvitationStatus,
    OrganisationKind,
    PartnershipStatus,
    Role,
    VerificationStatus,
)
from entraide.organisations.models import (
    IdentityChange,
    Invitation,
    Membership,
    Organisation,
    Partnership,
)
from entraide.organisations.signals import verification_changed
from entraide.territories.models import Commune, Territory


@dataclass
class OrganisationProfile:
    """What an organisation says of itself; the form builds it, demo data and the API too."""

    name: str
    kind: str
    short_description: str
    commune: Commune
    description: str = ""
    interests: tuple[int, ...] = ()
    street_address: str = ""
    website: str = ""
    rna_number: str = ""
    siren: str = ""


PROFILE_FIELDS = (
    "name", "kind", "short_description", "description", "street_address", "website",
    "rna_number", "siren",
)  # fmt: skip


# What the staff verified: changing one of these on a verified organisation waits for the staff
# of its (new) place, while the public keeps the verified values (docs/decisions/0028).
IDENTITY_FIELDS = ("name", "kind", "rna_number", "siren")


# What `_apply_profile` writes, saved by every service that applies a profile.
APPLIED_FIELDS = (
    *PROFILE_FIELDS,
    "interests",
    "commune",
    "latitude",
    "longitude",
    "search_document",
)


def _identity(source: Organisation | OrganisationProfile | IdentityChange) -> dict[str, object]:
    """The identity the staff verify, as the audit log records it (the commune by its code)."""
    return {field: getattr(source, field) for field in IDENTITY_FIELDS} | {
        "commune": source.commune.insee_code
    }


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, suffix = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _apply_profile(organisation: Organisation, profile: OrganisationProfile) -> None:
    # Every visitor reads them: no phone number or e-mail address (the forms say so first).
    check_public_texts(short_description=profile.short_description, description=profile.description)
    for field in PROFILE_FIELDS:
        setattr(organisation, field, getattr(profile, field))
    organisation.interests = Interest.mask_of(list(profile.interests))
    organisation.commune = profile.commune
    # Commune-level point: the offline geocoder knows no streets (docs/decisions/0002).
    organisation.latitude = profile.commune.latitude
    organisation.longitude = profile.commune.longitude
    organisation.search_document = search_document(
        profile.name,
        profile.short_description,
        profile.description,
        profile.commune.name,
        *[str(Interest(i).label) for i in profile.interests],
        str(OrganisationKind(profile.kind).label),
    )


def _staff_for(commune: Commune) -> list[User]:
    return list(
        User.objects.filter(
            staffed_territories__in=Territory.objects.filter(communes=commune),
            is_active=True,
        ).distinct()
    )


def create_organisation(
    actor: User, profile: OrganisationProfile, *, logo: ContentFile | None = None
) -> Organisation:
    """Anyone logged in registers an organisation and becomes its owner; it waits for the
    territory staff's verification before it is listed."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation(slug=_unique_slug(profile.name), created_by=actor)
        _apply_profile(organisation, profile)
        organisation.save()
        if logo is not None:
            organisation.logo.save(logo.name or "logo.png", logo, save=False)
            organisation.save(update_fields=["logo"])
        Membership.objects.create(organisation=organisation, person=actor, role=Role.OWNER)
        log_action(actor, "organisations.organisation.created", organisation)
        for staff_member in _staff_for(organisation.commune):
            notify(
                staff_member, "organisations.awaiting_verification", {"organisation": organisation}
            )
    return organisation


def update_organisation(
    actor: User,
    organisation: Organisation,
    profile: OrganisationProfile,
    *,
    logo: ContentFile | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Owners and admins edit the profile. A rejected organisation that is edited goes back to
    the verification queue. On a verified organisation, a new name, kind, RNA/SIREN or commune
    becomes an `IdentityChange` for the staff of the new place; the rest applies at once."""
    if not rules.can_manage_organisation(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        if organisation.status == VerificationStatus.VERIFIED:
            _propose_identity(actor, organisation, profile)
            profile = replace(
                profile,
                **{field: getattr(organisation, field) for field in IDENTITY_FIELDS},
                commune=organisation.commune,
            )
        _apply_profile(organisation, profile)
        fields = list(APPLIED_FIELDS)
        resubmitted = VERIFICATION_LIFECYCLE["resubmit"].allows(organisation.status)
        if resubmitted:
            organisation.status = VerificationStatus.PENDING
            organisation.status_changed_at = timezone.now()
            fields += ["status", "status_changed_at"]
        if remove_logo and organisation.logo:
            organisation.logo.delete(save=False)
            organisation.logo = ""
            fields.append("logo")
        if logo is not None:
            organisation.logo.save(logo.name or "logo.png", logo, save=False)
            fields.append("logo")
        organisation.save(update_fields=[*fields, "updated_at"])
        log_action(
            actor, "organisations.organisation.updated", organisation, resubmitted=resubmitted
        )
    return organisation


def _propose_identity(
    actor: User, organisation: Organisation, profile: OrganisationProfile
) -> None:
    """Record (or replace, or withdraw) the verified organisation's pending identity change."""
    pending = (
        IdentityChange.objects.select_for_update()
        .filter(organisation=organisation, status=IdentityChangeStatus.PENDING)
        .first()
    )
    if _identity(profile) == _identity(organisation):
        if pending is not None:
            lifecycles.check(IDENTITY_CHANGE_LIFECYCLE["withdraw"], pending.status)
            pending.status = IdentityChangeStatus.WITHDRAWN
            pending.decided_by = actor
            pending.decided_at = timezone.now()
            pending.save(update_fields=["status", "decided_by", "decided_at"])
            log_action(actor, "organisations.identity_change.withdrawn", organisation)
        return
    if pending is not None and _identity(pending) == _identity(profile):
        return
    change = pending or IdentityChange(organisation=organisation)
    for field in IDENTITY_FIELDS:
        setattr(change, field, getattr(profile, field))
    change.commune = profile.commune
    change.requested_by = actor
    change.save()
    log_action(
        actor,
        "organisations.identity_change.requested",
        organisation,
        verified=_identity(organisation),
        proposed=_identity(profile),
    )
    for staff_member in _staff_for(profile.commune):
        notify(
            staff_member,
            "organisations.identity_change_requested",
            {
                "organisation": organisation,
                "change": change,
                "url": reverse("organisations:identity_changes"),
            },
        )


def approve_identity_change(actor: User, change: IdentityChange) -> Organisation:
    """The staff of the new place accept the new identity: it becomes the public one, still
    verified."""
    if not rules.can_decide_identity_change(actor, change):
        raise PermissionDenied
    with transaction.atomic():
        locked = IdentityChange.objects.select_for_update().get(pk=change.pk)
        lifecycles.check(IDENTITY_CHANGE_LIFECYCLE["decide"], locked.status)
        organisation = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
        before = _identity(organisation)
        # The organisation as it is, with the identity asked for.
        profile = OrganisationProfile(
            **{field: getattr(organisation, field) for field in PROFILE_FIELDS}
            | {field: getattr(locked, field) for field in IDENTITY_FIELDS},
            commune=locked.commune,
            interests=tuple(i.value for i in organisation.interest_list),
        )
        _apply_profile(organisation, profile)
        organisation.save(update_fields=[*APPLIED_FIELDS, "updated_at"])
        locked.status = IdentityChangeStatus.APPROVED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        # The action slots copy the organisation's place and listing: let them follow.
        verification_changed.send(sender=Organisation, organisation=organisation)
        log_action(
            actor,
            "organisations.identity_change.approved",
            organisation,
            before=before,
            after=_identity(organisation),
        )
        _tell_managers(organisation, "organisations.identity_change_approved", locked)
    return organisation


def reject_identity_change(actor: User, change: IdentityChange, *, reason: str) -> IdentityChange:
    """The staff refuse the new identity; the verified one stays, the managers get the reason."""
    if not rules.can_decide_identity_change(actor, change):
        raise PermissionDenied
    if not reason.strip():
        raise ActionRefused(
            _("Donnez le motif du refus : il est envoyé à l’organisation."), field="reason"
        )
    with transaction.atomic():
        locked = IdentityChange.objects.select_for_update().get(pk=change.pk)
        lifecycles.check(IDENTITY_CHANGE_LIFECYCLE["decide"], locked.status)
        locked.status = IdentityChangeStatus.REJECTED
        locked.reason = reason.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        log_action(
            actor,
            "organisations.identity_change.rejected",
            locked.organisation,
            reason=locked.reason,
        )
        _tell_managers(locked.organisation, "organisations.identity_change_rejected", locked)
    return locked


def _tell_managers(organisation: Organisation, kind: str, change: IdentityChange) -> None:
    for membership in Membership.objects.filter(
        organisation=organisation, role__in=rules.MANAGING_ROLES
    ).select_related("person"):
        notify(
            membership.person,
            kind,
            {"organisation": organisation, "change": change, "reason": change.reason},
        )


def verify_organisation(actor: User, organisation: Organisation) -> Organisation:
    """Territory staff confirm the organisation is real: it becomes public with a badge."""
    if not rules.can_verify_organisation(actor, organisation):
        raise PermissionDenied
    lifecycles.check(VERIFICATION_LIFECYCLE["verify"], organisation.status)
    return _set_status(actor, organisation, "verify", VerificationStatus.VERIFIED, reason="")


def reject_organisation(actor: User, organisation: Organisation, *, reason: str) -> Organisation:
    """Staff refuse (or withdraw) verification; the reason is sent to the owner and admins."""
    if not rules.can_verify_organisation(actor, organisation):
        raise PermissionDenied
    if not reason.strip():
        raise ActionRefused(
            _("Donnez le motif du refus : il est envoyé à l’organisation."), field="reason"
        )
    lifecycles.check(VERIFICATION_LIFECYCLE["reject"], organisation.status)
    return _set_status(
        actor, organisation, "reject", VerificationStatus.REJECTED, reason=reason.strip()
    )


def _set_status(
    actor: User, organisation: Organisation, step: str, status: str, *, reason: str
) -> Organisation:
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        lifecycles.check(VERIFICATION_LIFECYCLE[step], locked.status)
        previous = locked.status
        locked.status = status
        locked.status_reason = reason
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
        verification_changed.send(sender=Organisation, organisation=locked)
        log_action(
            actor, f"organisations.organisation.{status}", locked, previous=previous, reason=reason
        )
        kind = (
            "organisations.verified"
            if status == VerificationStatus.VERIFIED
            else "organisations.rejected"
        )
        for membership in Membership.objects.filter(
            organisation=locked, role__in=rules.MANAGING_ROLES
        ).select_related("person"):
            notify(membership.person, kind, {"organisation": locked, "reason": reason})
    organisation.refresh_from_db()
    return organisation


def invite_member(actor: User, organisation: Organisation, *, email: str, role: str) -> Invitation:
    """Owners and admins invite by e-mail; only the owner invites admins. The address is used for
    this one message and never shown on the site."""
    if not rules.can_manage_members(actor, organisation):
        raise PermissionDenied
    if role == Role.OWNER:
        raise ActionRefused(
            _("La propriété se transmet à un membre existant, pas par invitation."), field="role"
        )
    if role == Role.ADMIN and not rules.can_change_roles(actor, organisation):
        raise ActionRefused(
            _("Seul·e le ou la propriétaire peut inviter un·e administrateur·rice."), field="role"
        )
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, person__email__iexact=email).exists():
        raise ActionRefused(_("Cette personne est déjà membre."), field="email")
    if organisation.invitations.filter(
        email__iexact=email, status=InvitationStatus.PENDING
    ).exists():
        raise ActionRefused(_("Une invitation attend déjà cette adresse."), field="email")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
        )
        log_action(
            actor, "organisations.member.invited", organisation, role=role, invitation=invitation.pk
        )
        notify_address(
            email,
            "organisations.invitation",
            {"organisation": organisation, "invitation": invitation, "inviter": actor},
        )
    return invitation


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    if not rules.can_manage_members(actor, invitation.organisation):
        raise PermissionDenied
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        lifecycles.check(INVITATION_LIFECYCLE["revoke"], locked.status)
        invitation.status = InvitationStatus.REVOKED
        invitation.save(update_fields=["status"])
        log_action(
            actor,
            "organisations.invitation.revoked",
            invitation.organisation,
            invitation=invitation.pk,
        )


def accept_invitation(actor: User, invitation: Invitation) -> Membership:
    """The person who opens the invitation link, logged in, joins with the invited role."""
    if not actor.is_authenticated:
        raise PermissionDenied
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        lifecycles.check(INVITATION_LIFECYCLE["accept"], locked.status)
        if Membership.objects.filter(organisation=locked.organisation, person=actor).exists():
            raise ActionRefused(_("Vous êtes déjà membre de cette organisation."))
        membership = Membership.objects.create(
            organisation=locked.organisation, person=actor, role=locked.role
        )
        locked.status = InvitationStatus.ACCEPTED
        locked.accepted_by = actor
        locked.save(update_fields=["status", "accepted_by"])
        log_action(
            actor,
            "organisations.member.joined",
            locked.organisation,
            role=locked.role,
            person=actor.pk,
        )
    return membership


def change_member_role(actor: User, membership: Membership, *, role: str) -> Membership:
    """The owner makes members admins and back. Ownership moves only by transfer."""
    organisation = membership.organisation
    if not rules.can_change_roles(actor, organisation):
        raise PermissionDenied
    if role not in (Role.ADMIN, Role.MEMBER):
        raise ActionRefused(
            _("Pour transmettre la propriété, utilisez « Transmettre la propriété ».")
        )
    if membership.role == Role.OWNER:
        raise ActionRefused(_("Transmettez d’abord la propriété à quelqu’un d’autre."))
    with transaction.atomic():
        previous = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        log_action(
            actor, "organisations.member.role_changed", organisation,
            person=membership.person_id, previous=previous, role=role,
        )  # fmt: skip
    return membership


def transfer_ownership(
    actor: User, organisation: Organisation, new_owner: Membership
) -> Membership:
    """When the board changes: the owner hands the organisation to another member and stays
    on as admin."""
    if not rules.can_change_roles(actor, organisation):
        raise PermissionDenied
    if new_owner.organisation_id != organisation.pk:
        raise ActionRefused(_("Cette personne n’est pas membre de l’organisation."))
    if new_owner.person_id == actor.pk:
        raise ActionRefused(_("Vous êtes déjà propriétaire."))
    with transaction.atomic():
        current = Membership.objects.select_for_update().get(
            organisation=organisation, role=Role.OWNER
        )
        # Demote first: the database allows one owner per organisation at any moment.
        current.role = Role.ADMIN
        current.save(update_fields=["role"])
        new_owner.role = Role.OWNER
        new_owner.save(update_fields=["role"])
        log_action(
            actor, "organisations.ownership.transferred", organisation,
            previous_owner=current.person_id, new_owner=new_owner.person_id,
        )  # fmt: skip
        notify(
            new_owner.person,
            "organisations.ownership_received",
            {"organisation": organisation, "previous": actor},
        )
    return new_owner


def remove_member(actor: User, membership: Membership) -> None:
    """Managers remove members, only the owner removes admins, anyone may leave; the owner
    leaves only after handing ownership over."""
    organisation = membership.organisation
    leaving = membership.person_id == actor.pk
    if membership.role == Role.OWNER:
        raise ActionRefused(_("Le ou la propriétaire doit d’abord transmettre la propriété."))
    if not leaving:
        if not rules.can_manage_members(actor, organisation):
            raise PermissionDenied
        if membership.role == Role.ADMIN and not rules.can_change_roles(actor, organisation):
            raise PermissionDenied
    with transaction.atomic():
        person_id, role = membership.person_id, membership.role
        membership.delete()
        action = "organisations.member.left" if leaving else "organisations.member.removed"
        log_action(actor, action, organisation, person=person_id, role=role)


def request_partnership(
    actor: User, requester: Organisation, partner: Organisation, *, message: str = ""
) -> Partnership:
    """A verified organisation asks another to be its partner; the other side accepts."""
    if not rules.can_request_partnership(actor, requester):
        raise PermissionDenied
    if partner.pk == requester.pk:
        raise ActionRefused(_("Une organisation ne peut pas être sa propre partenaire."))
    if not partner.is_verified:
        raise ActionRefused(_("Seules les organisations vérifiées peuvent devenir partenaires."))
    live = [PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED]
    if Partnership.objects.filter(
        requester__in=[requester, partner], partner__in=[requester, partner], status__in=live
    ).exists():
        raise ActionRefused(_("Un partenariat existe déjà ou attend une réponse."))
    try:
        with transaction.atomic():
            partnership = Partnership.objects.create(
                requester=requester, partner=partner, message=message.strip(), requested_by=actor
            )
            log_action(actor, "organisations.partnership.requested", requester, partner=partner.pk)
            for membership in Membership.objects.filter(
                organisation=partner, role__in=rules.MANAGING_ROLES
            ).select_related("person"):
                notify(
                    membership.person,
                    "organisations.partnership_requested",
                    {"partnership": partnership, "requester": requester, "partner": partner},
                )
    except IntegrityError as error:  # a simultaneous identical request
        raise ActionRefused(_("Un partenariat existe déjà ou attend une réponse.")) from error
    return partnership


def decide_partnership(actor: User, partnership: Partnership, *, accept: bool) -> Partnership:
    """Only the requested side's managers accept or decline."""
    if not rules.can_manage_organisation(actor, partnership.partner):
        raise PermissionDenied
    step = PARTNERSHIP_LIFECYCLE["decide"]
    lifecycles.check(step, partnership.status)
    with transaction.atomic():
        _check_locked_partnership(partnership, step)
        partnership.status = PartnershipStatus.ACCEPTED if accept else PartnershipStatus.DECLINED
        partnership.decided_by = actor
        partnership.decided_at = timezone.now()
        partnership.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(
            actor, f"organisations.partnership.{partnership.status}", partnership.partner,
            requester=partnership.requester_id,
        )  # fmt: skip
        if accept:
            for membership in Membership.objects.filter(
                organisation=partnership.requester, role__in=rules.MANAGING_ROLES
            ).select_related("person"):
                notify(
                    membership.person,
                    "organisations.partnership_accepted",
                    {"partnership": partnership},
                )
    return partnership


def end_partnership(actor: User, partnership: Partnership) -> Partnership:
    """Either side ends a partnership (or the requester withdraws a pending request)."""
    if not (
        rules.can_manage_organisation(actor, partnership.requester)
        or rules.can_manage_organisation(actor, partnership.partner)
    ):
        raise PermissionDenied
    step = PARTNERSHIP_LIFECYCLE["end"]
    lifecycles.check(step, partnership.status)
    with transaction.atomic():
        _check_locked_partnership(partnership, step)
        partnership.status = PartnershipStatus.ENDED
        partnership.decided_by = actor
        partnership.decided_at = timezone.now()
        partnership.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(
            actor,
            "organisations.partnership.ended",
            partnership.requester,
            partner=partnership.partner_id,
        )
    return partnership


def _check_locked_partnership(partnership: Partnership, step: Transition) -> None:
    """The step checked again under the row's lock: an acceptance and a refusal, or an end, sent
    at the same time cannot both pass."""
    current = (
        Partnership.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=partnership.pk)
    )
    lifecycles.check(step, current)
