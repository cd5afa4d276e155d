from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "entraide.volunteers"
    verbose_name = _("Bénévoles")

    def ready(self) -> None:
        from entraide.volunteers import receivers  # noqa: F401 - connects the signal receivers
