from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.http import HttpRequest

from entraide.core.notifications import queue_email

# Where a person goes once their address is verified, when an app above knows better than the
# page they signed up from (the action whose « Je participe » was kept with the new account).
# Set on the request only: the verification link carries it, so it works on any device.
AFTER_VERIFICATION_ATTRIBUTE = "entraide_after_verification"


def come_back_after_verification(request: HttpRequest, url: str) -> None:
    setattr(request, AFTER_VERIFICATION_ATTRIBUTE, url)


def _after_verification(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    chosen = getattr(request, AFTER_VERIFICATION_ATTRIBUTE, None)
    return chosen or get_next_redirect_url(request)  # `next` when it is a page of this site


@dataclass(frozen=True)
class SiteNamed:
    """What allauth's mails call `current_site`: the name and address of settings, not the
    Sites framework (one site per installation)."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (verification, password reset) leave through the same queue as ours,
    with the site's name and address (our templates greet the person by first name)."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site = SiteNamed(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        context = {"email": email, "current_site": site, "site_url": settings.SITE_URL, **context}
        message = self.render_mail(template_prefix, email, context)
        queue_email(email, str(message.subject), str(message.body))

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        """The link brings the person back to the page they signed up from, on whichever
        device they open it (the confirmation page passes `next` on to its button)."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        back = _after_verification(request)
        return f"{url}?{urlencode({'next': back})}" if back else url

    def get_email_verification_redirect_url(self, email_address: EmailAddress) -> str:
        back = getattr(self.request, AFTER_VERIFICATION_ATTRIBUTE, None)
        return back or super().get_email_verification_redirect_url(email_address)
