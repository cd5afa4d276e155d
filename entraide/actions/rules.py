"""Who may do what with actions and participations."""

from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import User
from entraide.actions.enums import ACTIVE_STATUSES, ActionStatus
from entraide.actions.models import Action, Participation
from entraide.organisations import rules as organisation_rules


def can_manage_action(user: User | AnonymousUser, action: Action) -> bool:
    """The organisation's owner and admins run its actions."""
    return organisation_rules.can_manage_organisation(user, action.organisation)


def can_view_action(user: User | AnonymousUser, action: Action) -> bool:
    """Published, closed and cancelled actions of verified organisations are public; drafts only
    for the organisation's managers."""
    if action.status != ActionStatus.DRAFT and action.organisation.is_verified:
        return True
    return can_manage_action(user, action)


def can_publish_action(user: User | AnonymousUser, action: Action) -> bool:
    return can_manage_action(user, action) and action.organisation.is_verified


def is_own_participation(user: User | AnonymousUser, participation: Participation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and participation.person_id == user.pk


def shares_an_action(viewer: User, person: User) -> bool:
    """Two people signed up to one action, or the person signed up to an action the viewer's
    organisation runs (a reason for accounts.rules to show the person's page)."""
    theirs = Participation.objects.filter(person=person, status__in=ACTIVE_STATUSES)
    if theirs.filter(
        slot__action__slots__participations__person=viewer,
        slot__action__slots__participations__status__in=ACTIVE_STATUSES,
    ).exists():
        return True
    return theirs.filter(
        slot__action__organisation__memberships__person=viewer,
        slot__action__organisation__memberships__role__in=organisation_rules.MANAGING_ROLES,
    ).exists()
