"""What a slot copies from its action and organisation, so that the agenda reads one table.

The agenda searches slots alone (docs/decisions/0009, 0013): each
slot carries whether it is listed (its action published, its organisation verified), the
action's kind, interests and skills masks, its place (remote or a point, its grid cell, its
commune), and its own week mask. This module is the one place that computes them: the
services (new slots, changed actions), the receivers (an organisation verified or not) and the
benchmark's generator (bench/generation.py) all call it, so the benchmark measures the rows the
site writes."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from entraide.actions.agenda_version import agenda_changed
from entraide.actions.enums import ActionStatus
from entraide.actions.models import Action, Slot
from entraide.core.geo import cell_of
from entraide.core.week import mask_of_interval
from entraide.organisations.models import Organisation

# The slot's columns that copy its action (and organisation); `week_mask` is the slot's own.
COPIED_FIELDS = (
    "is_listed", "kind", "interests", "skills", "is_remote", "open_to_minors", "latitude",
    "longitude", "cell", "commune_id",
)  # fmt: skip


def is_listed(action: Action, organisation: Organisation) -> bool:
    """Listed in the agenda: a published action of a verified organisation."""
    return action.status == ActionStatus.PUBLISHED and organisation.is_verified


def copied_from(action: Action, organisation: Organisation | None = None) -> dict[str, Any]:
    """The values of COPIED_FIELDS for the action's slots. `organisation` spares reading
    `action.organisation` when the caller holds it (the benchmark's generator)."""
    return {
        "is_listed": is_listed(action, organisation or action.organisation),
        "kind": action.kind,
        "interests": action.interests,
        "skills": action.skills,
        "is_remote": action.is_remote,
        "open_to_minors": action.open_to_minors,
        "latitude": action.latitude,
        "longitude": action.longitude,
        "cell": (
            cell_of(action.latitude, action.longitude)
            if action.latitude is not None and action.longitude is not None
            else None
        ),
        "commune_id": action.commune_id,
    }


def week_mask_of(starts_at: datetime, ends_at: datetime) -> int:
    """The half-days of the week the slot covers, in local time (core/week.py)."""
    local = timezone.localtime
    return mask_of_interval(local(starts_at), local(ends_at))


def sync_slots(action: Action) -> None:
    """Keep the action's slots' copies in step after the action changed."""
    action.slots.update(**copied_from(action))
    agenda_changed()


def relist_organisation_slots(organisation: Organisation) -> None:
    """An organisation's actions are listed in the agenda only while it is verified; a verified
    organisation's new commune or name is shown by its slots at once."""
    slots = Slot.objects.filter(action__organisation=organisation)
    if organisation.is_verified:
        slots.filter(action__status=ActionStatus.PUBLISHED).update(is_listed=True)
    else:
        slots.update(is_listed=False)
    agenda_changed()
