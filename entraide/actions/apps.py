from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "entraide.actions"
    verbose_name = _("Actions et agenda")

    def ready(self) -> None:
        from entraide.actions import (  # noqa: F401 - connects the signal receivers
            account_receivers,
            receivers,
        )
