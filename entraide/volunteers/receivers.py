from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.volunteers import services
from entraide.volunteers.models import VolunteerProfile


@receiver(post_save, sender=User)
def hide_deactivated_volunteer(sender: Any, instance: User, **kwargs: Any) -> None:
    services.hide_deactivated_person(instance)


@receiver(email_confirmed)
def invite_to_volunteer_profile(
    sender: Any, request: HttpRequest, email_address: EmailAddress, **kwargs: Any
) -> None:
    """A newcomer who just verified their address is invited to say what they like doing."""
    if VolunteerProfile.objects.filter(person_id=email_address.user_id).exists():
        return
    text = _(
        "Bienvenue ! Dites aux associations ce que vous aimez faire et quand : "
        '<a href="{url}">remplissez votre profil de bénévole</a>.'
    )
    messages.info(request, format_html(text, url=reverse("volunteers:profile")))
