from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "entraide.editorial"
    verbose_name = _("Média local")

    def ready(self) -> None:
        from entraide.editorial.content_kinds import register_kinds as register_content
        from entraide.editorial.notifications import register_kinds
        from entraide.editorial.sections import register_sections

        register_kinds()
        register_content()
        register_sections()
