"""Writes for volunteer profiles and for the proposals organisations send to volunteers."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.enums import ConsentKind
from entraide.accounts.models import User
from entraide.accounts.services import record_consent
from entraide.actions.enums import Skill
from entraide.actions.models import Action
from entraide.core.audit import log_action
from entraide.core.contact_details import check_public_texts
from entraide.core.exceptions import ActionRefused
from entraide.core.geo import cell_of
from entraide.core.text import search_document
from entraide.core.week import FULL_WEEK
from entraide.organisations.enums import Interest
from entraide.organisations.models import Organisation
from entraide.territories.models import Commune
from entraide.volunteers import rules
from entraide.volunteers.enums import PeriodKind
from entraide.volunteers.models import (
    SEARCH_DOCUMENT_LIMIT,
    AvailabilityPeriod,
    Proposal,
    VolunteerProfile,
)
from entraide.volunteers.selectors import month_start

MAX_TRAVEL_KM = 200


@dataclass
class ProfileDetails:
    home_commune: Commune
    interests: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()
    week_mask: int = 0
    travel_km: int = 10
    presentation: str = ""
    monthly_proposals: int = 3


def save_profile(actor: User, details: ProfileDetails) -> VolunteerProfile:
    """Create or update the person's own profile. Placed at commune level only; associations
    read its presentation, so no phone number or e-mail address there."""
    if not actor.is_authenticated:
        raise PermissionDenied
    check_public_texts(presentation=details.presentation)
    if not 0 <= details.week_mask <= FULL_WEEK:
        raise ActionRefused(_("Disponibilités invalides."), field="week_mask")
    if not 1 <= details.travel_km <= MAX_TRAVEL_KM:
        raise ActionRefused(_("Choisissez une distance entre 1 et 200 km."), field="travel_km")
    if not 0 <= details.monthly_proposals <= 30:
        raise ActionRefused(_("Entre 0 et 30 propositions par mois."), field="monthly_proposals")
    commune = details.home_commune
    with transaction.atomic():
        profile = VolunteerProfile.objects.filter(person=actor).first() or VolunteerProfile(
            person=actor
        )
        profile.home_commune = commune
        profile.latitude, profile.longitude = commune.latitude, commune.longitude
        profile.cell = cell_of(commune.latitude, commune.longitude)
        profile.interests = Interest.mask_of(list(details.interests))
        profile.skills = Skill.mask_of(list(details.skills))
        profile.week_mask = details.week_mask
        profile.travel_km = details.travel_km
        profile.presentation = details.presentation.strip()
        profile.monthly_proposals = details.monthly_proposals
        profile.search_document = search_document(details.presentation, limit=SEARCH_DOCUMENT_LIMIT)
        profile.save()
        log_action(actor, "volunteers.profile.saved", profile)
    return profile


def set_discoverable(
    actor: User, profile: VolunteerProfile, *, discoverable: bool
) -> VolunteerProfile:
    """The person alone decides whether associations may find them; the choice and its date are
    recorded as a consent."""
    if profile.person_id != actor.pk:
        raise PermissionDenied
    if profile.discoverable == discoverable:
        return profile
    with transaction.atomic():
        profile.discoverable = discoverable
        profile.discoverable_changed_at = timezone.now()
        profile.save(update_fields=["discoverable", "discoverable_changed_at", "updated_at"])
        record_consent(actor, kind=ConsentKind.VOLUNTEER_DISCOVERABLE, given=discoverable)
    return profile


def set_periods(
    actor: User, profile: VolunteerProfile, periods: list[tuple[str, date, date]]
) -> None:
    """Replace the person's dated periods (available or away)."""
    if profile.person_id != actor.pk:
        raise PermissionDenied
    for kind, starts_on, ends_on in periods:
        if kind not in PeriodKind.values:
            raise ActionRefused(_("Type de période inconnu."))
        if ends_on < starts_on:
            raise ActionRefused(_("Une période doit finir le jour de son début ou après."))
    with transaction.atomic():
        profile.periods.all().delete()
        AvailabilityPeriod.objects.bulk_create(
            [
                AvailabilityPeriod(profile=profile, kind=k, starts_on=s, ends_on=e)
                for k, s, e in periods
            ]
        )
        log_action(actor, "volunteers.periods.saved", profile, count=len(periods))


def save_volunteer_profile(
    actor: User,
    details: ProfileDetails,
    *,
    discoverable: bool,
    periods: list[tuple[str, date, date]],
) -> VolunteerProfile:
    """What the profile page saves: the profile, the choice to be found (recorded as a consent)
    and the dated periods, all or nothing: a refusal of any part leaves the earlier ones
    unsaved."""
    with transaction.atomic():
        profile = save_profile(actor, details)
        set_discoverable(actor, profile, discoverable=discoverable)
        set_periods(actor, profile, periods)
    return profile


def proposals_this_month(profile: VolunteerProfile) -> int:
    return profile.proposals.filter(created_at__gte=month_start()).count()


def record_proposal(
    actor: User,
    organisation: Organisation,
    profile: VolunteerProfile,
    *,
    action: Action | None = None,
) -> Proposal:
    """An organisation's admin contacts a volunteer found in the search. Refused beyond the
    volunteer's monthly limit, or a second time from the same organisation for the same action."""
    if not rules.can_search_volunteers(actor, organisation):
        raise PermissionDenied
    if not profile.discoverable:
        raise ActionRefused(_("Cette personne ne souhaite pas être contactée."))
    if action is not None and action.organisation_id != organisation.pk:
        raise PermissionDenied
    with transaction.atomic():
        locked = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
        if proposals_this_month(locked) >= locked.monthly_proposals:
            raise ActionRefused(_("Cette personne a reçu assez de propositions ce mois-ci."))
        if (
            action is not None
            and Proposal.objects.filter(
                profile=locked, organisation=organisation, action=action
            ).exists()
        ):
            raise ActionRefused(_("Vous avez déjà proposé cette action à cette personne."))
        proposal = Proposal.objects.create(
            profile=locked, organisation=organisation, action=action, sent_by=actor
        )
        locked.last_proposal_at = proposal.created_at
        locked.save(update_fields=["last_proposal_at"])
        log_action(
            actor,
            "volunteers.proposal.sent",
            organisation,
            profile=locked.pk,
            about_action=getattr(action, "pk", None),
        )
    return proposal


def hide_deactivated_person(person: User) -> None:
    """A deactivated account is never found by associations: its profile stops being
    discoverable (the search reads no person row, see selectors.search_volunteers). Coming back
    does not switch it on again: that is the person's own choice, as in the first place."""
    if not person.is_active:
        VolunteerProfile.objects.filter(person=person, discoverable=True).update(discoverable=False)
