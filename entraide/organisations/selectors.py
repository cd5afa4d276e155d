"""Reads. The access_* functions are the only way from an id in a URL to an organisation."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from entraide.accounts.models import User
from entraide.accounts.rules import signed_in
from entraide.core.geo import Point, with_distance, within_radius
from entraide.core.text import query_words
from entraide.organisations import rules
from entraide.organisations.enums import (
    IdentityChangeStatus,
    InvitationStatus,
    PartnershipStatus,
    Role,
    VerificationStatus,
)
from entraide.organisations.models import (
    IdentityChange,
    Invitation,
    Membership,
    Organisation,
    OrganisationQuerySet,
    Partnership,
)
from entraide.territories.models import Commune, Territory


def access_organisation(
    user: User | AnonymousUser, slug: str, *, manage: bool = False
) -> Organisation:
    """404 when the user may not see it (unverified organisations stay hidden);
    403 when they may see it but not manage it and `manage` is asked."""
    organisation = Organisation.objects.select_related("commune").filter(slug=slug).first()
    if organisation is None or not rules.can_view_organisation(user, organisation):
        raise Http404
    if manage and not rules.can_manage_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def access_organisation_for_verification(user: User | AnonymousUser, slug: str) -> Organisation:
    organisation = Organisation.objects.select_related("commune").filter(slug=slug).first()
    if organisation is None:
        raise Http404
    if not rules.can_verify_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def pending_identity_change(organisation: Organisation) -> IdentityChange | None:
    """The new name, kind, identifiers or commune a verified organisation waits for."""
    return (
        IdentityChange.objects.filter(
            organisation=organisation, status=IdentityChangeStatus.PENDING
        )
        .select_related("commune")
        .first()
    )


def access_identity_change(user: User | AnonymousUser, slug: str) -> IdentityChange:
    """404 when the organisation has no pending change; 403 unless the user staffs the new place."""
    change = (
        IdentityChange.objects.select_related("organisation__commune", "commune")
        .filter(organisation__slug=slug, status=IdentityChangeStatus.PENDING)
        .first()
    )
    if change is None:
        raise Http404
    if not rules.can_decide_identity_change(user, change):
        raise PermissionDenied
    return change


def identity_changes_to_decide(
    user: User | AnonymousUser, *, territory: Territory | None = None
) -> QuerySet[IdentityChange]:
    """Pending identity changes towards the territories whose queues the user reads (or the
    one of them given), oldest first; each change's commune carries `queue_territories`, those
    of them holding it, and the change `can_decide`."""
    shown = _queue_territories_shown(user, territory)
    return _in_queue(
        IdentityChange.objects.filter(status=IdentityChangeStatus.PENDING), user, shown
    ).select_related("organisation__commune", "commune")


def identity_changes_by_territory(user: User | AnonymousUser) -> list[Territory]:
    """The territories whose queues the user reads, each with `waiting`: its pending changes."""
    return _with_waiting(
        queue_territories(user), IdentityChange.objects.filter(status=IdentityChangeStatus.PENDING)
    )


def queue_territories(user: User | AnonymousUser) -> QuerySet[Territory]:
    """The territories whose verification queues the user reads, by name: those they staff,
    every one for a superuser (`rules.can_read_verification_queues`)."""
    signed = signed_in(user)
    if signed is None:
        return Territory.objects.none()
    territories = Territory.objects.order_by("name", "pk")
    return territories if signed.is_superuser else territories.filter(staff=signed)


def _queue_territories_shown(
    user: User | AnonymousUser, territory: Territory | None
) -> QuerySet[Territory]:
    # Visibility first: a territory given is kept only if it is one of the user's.
    territories = queue_territories(user)
    return territories if territory is None else territories.filter(pk=territory.pk)


def _in_queue(
    rows: QuerySet[Any], user: User | AnonymousUser, shown: QuerySet[Territory]
) -> QuerySet[Any]:
    """Rows (organisations or identity changes) whose commune lies in `shown`, oldest first,
    with the user's territories naming each row's place and whether the user may decide (a
    superuser reads every queue but decides only where they staff)."""
    return (
        rows.filter(commune__territories__in=shown)
        .distinct()
        .annotate(
            can_decide=Exists(Territory.objects.filter(staff=user.pk, communes=OuterRef("commune")))
        )
        .prefetch_related(
            Prefetch(
                "commune__territories",
                queryset=queue_territories(user).only("name", "slug"),
                to_attr="queue_territories",
            )
        )
        .order_by("created_at", "pk")
    )


def _with_waiting(territories: QuerySet[Territory], pending: QuerySet[Any]) -> list[Territory]:
    """`territories` with `waiting`, the number of `pending` rows in each: two queries."""
    listed = list(territories)
    counts = dict(
        pending.filter(commune__territories__in=listed)
        .order_by()
        .values("commune__territories")
        .annotate(waiting=Count("pk", distinct=True))
        .values_list("commune__territories", "waiting")
    )
    for territory in listed:
        territory.waiting = counts.get(territory.pk, 0)  # type: ignore[attr-defined]
    return listed


def access_membership(
    user: User | AnonymousUser, organisation: Organisation, membership_id: int
) -> Membership:
    membership = (
        Membership.objects.select_related("person")
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise Http404
    if not rules.can_manage_members(user, organisation):
        raise PermissionDenied
    return membership


INVITATION_VALIDITY = timedelta(days=14)


def access_invitation(token: str) -> Invitation:
    """The token is the secret: whoever holds the link may see and accept the invitation."""
    invitation = (
        Invitation.objects.select_related("organisation").filter(token=token or "-").first()
    )
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        raise Http404
    if invitation.created_at < timezone.now() - INVITATION_VALIDITY:
        raise Http404  # a forwarded or forgotten link does not open the door forever
    return invitation


def access_partnership(user: User | AnonymousUser, partnership_id: int) -> Partnership:
    """Either side's managers may see and act on a partnership."""
    partnership = (
        Partnership.objects.select_related("requester", "partner").filter(pk=partnership_id).first()
    )
    if partnership is None:
        raise Http404
    if not (
        rules.can_manage_organisation(user, partnership.requester)
        or rules.can_manage_organisation(user, partnership.partner)
    ):
        raise PermissionDenied
    return partnership


@dataclass
class DirectorySearch:
    """The directory's filters, already validated by the search form."""

    words: str = ""
    interests: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    commune: Commune | None = None
    centre: Point | None = None
    radius_km: float | None = None


def search_directory(territory: Territory, search: DirectorySearch) -> OrganisationQuerySet:
    """Verified organisations of a territory matching every filter; nearest first when a centre
    is given, else by name."""
    organisations = Organisation.objects.verified().in_territory(territory)
    for word in query_words(search.words)[:8]:
        organisations = organisations.filter(search_document__contains=f" {word}")
    organisations = organisations.with_any_interest(search.interests)
    if search.kinds:
        organisations = organisations.filter(kind__in=search.kinds)
    if search.commune is not None:
        organisations = organisations.filter(
            Q(commune=search.commune) | Q(commune__parent=search.commune)
        )
    if search.centre is not None:
        # No radius is « toutes distances »: the whole territory, nearest first.
        organisations = (
            within_radius(organisations, search.centre, search.radius_km)
            if search.radius_km
            else with_distance(organisations, search.centre)
        )
        return organisations.select_related("commune").order_by("distance_sq", "name")
    return organisations.select_related("commune").order_by("name", "pk")


def memberships_of(person: User) -> QuerySet[Membership]:
    """Every organisation a person belongs to, whatever its verification, for their own page."""
    return (
        Membership.objects.filter(person=person)
        .select_related("organisation", "organisation__commune")
        .order_by("organisation__name")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("person")
        .order_by("role", "person__first_name", "pk")
    )


def managers_of(organisation: Organisation) -> QuerySet[Membership]:
    return members_of(organisation).filter(role__in=[Role.OWNER, Role.ADMIN])


def pending_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.filter(status=InvitationStatus.PENDING).order_by("-created_at")


def partners_of(organisation: Organisation) -> list[Organisation]:
    """Accepted partners, from whichever side the request came."""
    links = Partnership.objects.filter(
        Q(requester=organisation) | Q(partner=organisation), status=PartnershipStatus.ACCEPTED
    ).select_related("requester", "partner", "requester__commune", "partner__commune")
    partners = [link.other_side(organisation) for link in links]
    return sorted((p for p in partners if p.is_verified), key=lambda p: p.name)


def partnership_requests_for(organisation: Organisation) -> QuerySet[Partnership]:
    return Partnership.objects.filter(
        partner=organisation, status=PartnershipStatus.PENDING
    ).select_related("requester", "requester__commune")


def partnerships_of(organisation: Organisation) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(Q(requester=organisation) | Q(partner=organisation))
        .filter(status__in=[PartnershipStatus.PENDING, PartnershipStatus.ACCEPTED])
        .select_related("requester", "partner")
        .order_by("-created_at")
    )


def verification_queue(
    user: User | AnonymousUser, *, territory: Territory | None = None
) -> OrganisationQuerySet:
    """Organisations awaiting verification in the territories whose queues the user reads (or
    the one of them given), oldest first; each one's commune carries `queue_territories`, those
    of them holding it, and the organisation `can_decide`."""
    shown = _queue_territories_shown(user, territory)
    return _in_queue(  # type: ignore[return-value]
        Organisation.objects.filter(status=VerificationStatus.PENDING), user, shown
    ).select_related("commune")


def organisations_to_verify_by_territory(user: User | AnonymousUser) -> list[Territory]:
    """The territories whose queues the user reads, each with `waiting`: its organisations
    awaiting verification."""
    return _with_waiting(
        queue_territories(user), Organisation.objects.filter(status=VerificationStatus.PENDING)
    )


def partner_candidates(organisation: Organisation, words: str) -> OrganisationQuerySet:
    """Verified organisations one may ask to be partners with, found by name."""
    candidates = Organisation.objects.verified().exclude(pk=organisation.pk)
    for word in query_words(words)[:5]:
        candidates = candidates.filter(search_document__contains=f" {word}")
    return candidates.select_related("commune").order_by("name")


def newest_organisations_in(territory: Territory, count: int) -> OrganisationQuerySet:
    """The territory's organisations verified last, as the directory lists them (verified only),
    without the long texts the cards do not show."""
    return (
        Organisation.objects.verified()
        .in_territory(territory)
        .select_related("commune")
        .defer("description", "search_document")
        .order_by("-status_changed_at", "-pk")[:count]
    )
