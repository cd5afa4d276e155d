from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "entraide.aid"
    verbose_name = _("Entraide")

    def ready(self) -> None:
        from entraide.aid.notifications import register_kinds

        register_kinds()
        from entraide.aid import moderation_kinds

        moderation_kinds.register()
