"""Who may do what with actions and participations."""

from typing import Any

from entraide.actions.enums import ActionStatus
from entraide.actions.models import Action, Participation
from entraide.organisations import rules as organisation_rules


def can_manage_action(user: Any, action: Action) -> bool:
    """The organisation's owner and admins run its actions."""
    return organisation_rules.can_manage_organisation(user, action.organisation)


def can_view_action(user: Any, action: Action) -> bool:
    """Published, closed and cancelled actions of verified organisations are public; drafts only
    for the organisation's managers."""
    if action.status != ActionStatus.DRAFT and action.organisation.is_verified:
        return True
    return can_manage_action(user, action)


def can_publish_action(user: Any, action: Action) -> bool:
    return can_manage_action(user, action) and action.organisation.is_verified


def is_own_participation(user: Any, participation: Participation) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and participation.person_id == user.pk
