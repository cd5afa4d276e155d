"""Signals from the apps beneath `actions`, turned into calls of its services."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from entraide.actions import slot_copy
from entraide.actions.agenda_version import agenda_changed
from entraide.actions.models import Action, Slot
from entraide.organisations.models import Organisation
from entraide.organisations.signals import verification_changed


@receiver([post_save, post_delete], sender=Slot)
@receiver([post_save, post_delete], sender=Action)
@receiver([post_save, post_delete], sender=Organisation)
def _listed_row_changed(sender: Any, **kwargs: Any) -> None:
    agenda_changed()


@receiver(verification_changed)
def relist_slots(sender: Any, organisation: Organisation, **kwargs: Any) -> None:
    slot_copy.relist_organisation_slots(organisation)
