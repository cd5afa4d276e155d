"""allauth's signal about a new account: the charters its sign-up form accepted are recorded
once the account is saved (accounts.forms.SignupDetailsForm). An account made otherwise (a
social login) accepts each charter at its first visit of the territory (charter_gate)."""

from typing import Any

from allauth.account.signals import user_signed_up
from django.dispatch import receiver
from django.http import HttpRequest

from entraide.accounts.forms import CHARTERS_ACCEPTED_ATTRIBUTE
from entraide.accounts.models import User
from entraide.territories import services


@receiver(user_signed_up)
def record_charters_accepted_at_signup(
    sender: Any, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    if getattr(request, CHARTERS_ACCEPTED_ATTRIBUTE, False):
        services.accept_charters_at_signup(user)
