from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "entraide.territories"
    verbose_name = _("Territoires")

    def ready(self) -> None:
        from entraide.territories import account_receivers  # noqa: F401 - connects the receiver
