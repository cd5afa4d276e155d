"""An organisation writing to a volunteer it found: which profile it may reach from a URL, the
organisation's daily limit, and the proposal recorded together with its conversation."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from entraide.accounts.models import User
from entraide.actions.enums import ActionStatus
from entraide.actions.models import Action
from entraide.actions.selectors import actions_of
from entraide.core.exceptions import ActionRefused
from entraide.core.rate_limits import CountedLimit
from entraide.messaging import services as messaging
from entraide.messaging.models import Conversation
from entraide.organisations.models import Organisation
from entraide.volunteers import rules, services
from entraide.volunteers.models import Proposal, VolunteerProfile

# Proposals one organisation may send in 24 hours, whoever its admins are: plenty for a real
# recruitment drive, a brake on an organisation writing to everyone around it.
PROPOSALS_PER_DAY = 20


def access_discoverable_profile(
    user: User, organisation: Organisation, profile_id: int
) -> VolunteerProfile:
    """The only way from a profile id in a URL to a volunteer, for an organisation: 403 unless
    the user may search volunteers for it; 404 unless the person opted in (a profile that is
    not discoverable does not exist for organisations)."""
    if not rules.can_search_volunteers(user, organisation):
        raise PermissionDenied
    profile = (
        VolunteerProfile.objects.select_related("person", "home_commune")
        .filter(pk=profile_id, discoverable=True, person__is_active=True)
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def proposable_actions(organisation: Organisation) -> QuerySet[Action]:
    """The organisation's published actions that still have a slot to come."""
    return (
        actions_of(organisation)
        .filter(status=ActionStatus.PUBLISHED, slots__ends_at__gte=timezone.now())
        .distinct()
    )


# Counted in the database (core/rate_limits.py), whichever of its admins writes.
PROPOSALS_SENT = CountedLimit(
    PROPOSALS_PER_DAY,
    timedelta(days=1),
    _lazy(
        "Votre organisation a déjà contacté %(count)d bénévoles au cours des dernières "
        "24 heures. Merci de réessayer demain."
    ),
)


def proposals_sent_today(organisation: Organisation) -> int:
    return PROPOSALS_SENT.used(Proposal.objects.filter(organisation=organisation))


def ensure_under_daily_limit(organisation: Organisation) -> None:
    PROPOSALS_SENT.ensure_under(Proposal.objects.filter(organisation=organisation))


def propose_to_volunteer(
    actor: User,
    organisation: Organisation,
    profile: VolunteerProfile,
    *,
    subject: str,
    body: str,
    action: Action | None = None,
) -> Conversation:
    """Contact a volunteer found in the search, optionally about an action: within the
    organisation's daily limit, the proposal (refused beyond the volunteer's monthly limit or
    twice for the same action) and the conversation that carries it are written together, or
    neither is."""
    if action is not None and not proposable_actions(organisation).filter(pk=action.pk).exists():
        raise ActionRefused(_("Cette action n’est plus proposée."), field="action")
    ensure_under_daily_limit(organisation)
    with transaction.atomic():
        services.record_proposal(actor, organisation, profile, action=action)
        return messaging.start_conversation_from_organisation(
            actor, organisation, profile.person, subject=subject, body=body, action=action
        )
