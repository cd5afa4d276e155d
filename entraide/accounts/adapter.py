from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from entraide.core.notifications import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's mails (verification, password reset) leave through the same queue as ours."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        queue_email(email, str(message.subject), str(message.body))
