from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from entraide.accounts.models import User
from entraide.volunteers import services


@receiver(post_save, sender=User)
def hide_deactivated_volunteer(sender: Any, instance: User, **kwargs: Any) -> None:
    services.hide_deactivated_person(instance)
