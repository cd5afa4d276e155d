"""Who moderates what. A territory's team is its staff and the moderators its staff appointed;
a group's moderators (community's roles, asked through registry.GROUP_MODERATION) act on their
group's content, without sanctions on the territory; an appeal is decided by someone other than
the first decision's moderator."""

from typing import Any

from entraide.moderation.enums import GROUP_MODERATOR_DECISIONS, DecisionKind
from entraide.moderation.models import Appeal, Decision, ModerationCase, TerritoryModerator
from entraide.moderation.registry import GROUP_MODERATION
from entraide.territories.models import Territory


def is_logged_in(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False)) and bool(viewer.is_active)


def is_territory_team(viewer: Any, territory_id: int | None) -> bool:
    """The territory's staff, or a moderator they appointed."""
    if territory_id is None or not is_logged_in(viewer):
        return False
    if Territory.staff.through.objects.filter(
        territory_id=territory_id, user_id=viewer.pk
    ).exists():
        return True
    return TerritoryModerator.objects.filter(territory_id=territory_id, person=viewer).exists()


def is_territory_staff(viewer: Any, territory_id: int | None) -> bool:
    if territory_id is None or not is_logged_in(viewer):
        return False
    return Territory.staff.through.objects.filter(
        territory_id=territory_id, user_id=viewer.pk
    ).exists()


def moderates_group(viewer: Any, group_id: int | None) -> bool:
    if group_id is None or not is_logged_in(viewer):
        return False
    return any(hook.moderates(viewer, group_id) for hook in GROUP_MODERATION)


def decisions_open_to(viewer: Any, case: ModerationCase) -> tuple[str, ...]:
    """The decisions the viewer may take on the case: all of them for the territory's team,
    those on the content alone for the group's moderators, none for anybody else."""
    if is_territory_team(viewer, case.territory_id):
        return tuple(DecisionKind.values)
    if moderates_group(viewer, case.group_id):
        return tuple(str(kind) for kind in GROUP_MODERATOR_DECISIONS)
    return ()


def can_moderate_case(viewer: Any, case: ModerationCase) -> bool:
    return bool(decisions_open_to(viewer, case))


def is_author_of(viewer: Any, decision: Decision) -> bool:
    return is_logged_in(viewer) and decision.author_id == viewer.pk


def can_decide_appeal(viewer: Any, appeal: Appeal) -> bool:
    """A moderator of the case who did not take the decision appealed against."""
    decision = appeal.decision
    return can_moderate_case(viewer, decision.case) and decision.moderator_id != viewer.pk
