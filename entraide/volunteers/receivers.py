from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from entraide.accounts.models import User
from entraide.volunteers.models import VolunteerProfile


@receiver(post_save, sender=User)
def hide_deactivated_volunteer(sender: Any, instance: User, **kwargs: Any) -> None:
    """A deactivated account is never found by associations: its profile stops being
    discoverable (the search reads no person row, see selectors.search_volunteers). Coming back
    does not switch it on again: that is the person's own choice, as in the first place."""
    if not instance.is_active:
        VolunteerProfile.objects.filter(person=instance, discoverable=True).update(
            discoverable=False
        )
