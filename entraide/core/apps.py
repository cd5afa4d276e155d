from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "entraide.core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from entraide.core import lookups, tasks  # noqa: F401 - tasks hands the outbox its sending task

        lookups.register()
