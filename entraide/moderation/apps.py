from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "entraide.moderation"
    verbose_name = _("Modération")

    def ready(self) -> None:
        from entraide.moderation.notifications import register_kinds

        register_kinds()
