from typing import Any

from django.dispatch import receiver

from entraide.actions.enums import ActionStatus
from entraide.actions.models import Slot
from entraide.organisations.signals import verification_changed


@receiver(verification_changed)
def relist_slots(sender: Any, organisation: Any, **kwargs: Any) -> None:
    """An organisation's actions are listed in the agenda only while it is verified."""
    slots = Slot.objects.filter(action__organisation=organisation)
    if organisation.is_verified:
        slots.filter(action__status=ActionStatus.PUBLISHED).update(is_listed=True)
    else:
        slots.update(is_listed=False)
