from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "entraide.actions"
    verbose_name = _("Actions et agenda")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.actions import (  # noqa: F401 - connects the signal receivers
            account_receivers,
            receivers,
        )
        from entraide.actions.rules import shares_an_action

        register_member_page_reason(shares_an_action)
