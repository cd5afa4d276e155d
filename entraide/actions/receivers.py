from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from entraide.actions.enums import ActionStatus
from entraide.actions.models import Action, Slot
from entraide.core.shared_pages import listing_changed
from entraide.organisations.models import Organisation
from entraide.organisations.signals import verification_changed

# The agenda's shared copies (core/shared_pages.py) show slots, their action and organisation:
# any save of one of them moves the agenda's version. Bulk writes call agenda_changed() too.
AGENDA = "agenda"


def agenda_changed() -> None:
    listing_changed(AGENDA)


@receiver([post_save, post_delete], sender=Slot)
@receiver([post_save, post_delete], sender=Action)
@receiver([post_save, post_delete], sender=Organisation)
def _listed_row_changed(sender: Any, **kwargs: Any) -> None:
    agenda_changed()


@receiver(verification_changed)
def relist_slots(sender: Any, organisation: Any, **kwargs: Any) -> None:
    """An organisation's actions are listed in the agenda only while it is verified."""
    slots = Slot.objects.filter(action__organisation=organisation)
    if organisation.is_verified:
        slots.filter(action__status=ActionStatus.PUBLISHED).update(is_listed=True)
    else:
        slots.update(is_listed=False)
    agenda_changed()
