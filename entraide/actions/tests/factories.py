"""Actions and slots for the tests, made through the services as the site makes them."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from entraide.actions import services
from entraide.actions.models import Action, Slot
from entraide.organisations.enums import Interest


def make_action(manager: Any, organisation: Any, *, publish: bool = True, slots: int = 1,
                capacity: int | None = 10, starts_in: timedelta = timedelta(days=5), **details: Any) -> Action:  # fmt: skip
    """A published action of `organisation` (verified) with `slots` daily slots of two hours."""
    action = services.create_action(
        manager,
        organisation,
        services.ActionDetails(
            kind=details.pop("kind", "mission"),
            title=details.pop("title", "Chantier au jardin partagé"),
            description=details.pop("description", "Venez désherber et planter avec nous."),
            commune=details.pop("commune", organisation.commune),
            interests=tuple(details.pop("interests", (Interest.ENVIRONMENT,))),
            **details,
        ),
    )
    start = (timezone.now() + starts_in).replace(minute=0, second=0, microsecond=0)
    for day in range(slots):
        services.add_slot(manager, action, starts_at=start + timedelta(days=day),
                          ends_at=start + timedelta(days=day, hours=2), capacity=capacity)  # fmt: skip
    if publish:
        services.publish_action(manager, action)
    return action


def first_slot(action: Action) -> Slot:
    return action.slots.order_by("starts_at").first()  # type: ignore[return-value]
