from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.http import HttpRequest

from entraide.core.notifications import queue_email

# Where a person goes once their address is verified, when an app above knows better than the
# default (the action whose « Je participe » was kept with the new account).
AFTER_VERIFICATION_KEY = "accounts.after_verification"


def come_back_after_verification(request: HttpRequest, url: str) -> None:
    request.session[AFTER_VERIFICATION_KEY] = url


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (verification, password reset) leave through the same queue as ours."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        queue_email(email, str(message.subject), str(message.body))

    def get_email_verification_redirect_url(self, email_address: EmailAddress) -> str:
        url = self.request.session.pop(AFTER_VERIFICATION_KEY, None)
        return (
            url
            if isinstance(url, str)
            else super().get_email_verification_redirect_url(email_address)
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url = request.session.pop(AFTER_VERIFICATION_KEY, None)
        return url if isinstance(url, str) else super().get_login_redirect_url(request)
