"""allauth's signals about a new account, turned into calls of the network's services: a personal
invitation link followed before signing up is kept with the account and completed when the
address is verified, on whichever device (as actions' receivers do for « Je participe »)."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.accounts.adapter import AFTER_VERIFICATION_ATTRIBUTE, come_back_after_verification
from entraide.accounts.models import User
from entraide.community import network
from entraide.community.views import INVITATION_SESSION_KEY


@receiver(user_signed_up)
def keep_invitation_with_new_account(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    token = request.session.get(INVITATION_SESSION_KEY) if hasattr(request, "session") else None
    if isinstance(token, str):
        network.keep_invitation(user, token)


@receiver(email_confirmed)
def complete_kept_invitations(
    sender: Any, request: HttpRequest, email_address: EmailAddress, **kwargs: Any
) -> None:
    """Verifying the address connects the newcomer with whoever invited them, and says so."""
    connected = network.complete_kept_invitations(email_address.user)
    if not connected:
        return
    if hasattr(request, "session"):
        request.session.pop(INVITATION_SESSION_KEY, None)  # done: never offered again
    person_id = email_address.user.pk
    for connection in connected:
        other = User.objects.get(pk=connection.other(person_id))
        messages.success(
            request,
            _("Vous êtes maintenant en relation avec %(person)s.") % {"person": other.public_name},
        )
    # A « Je participe » kept too brings the person to its action first.
    if not getattr(request, AFTER_VERIFICATION_ATTRIBUTE, None):
        come_back_after_verification(request, reverse("community:connections"))
