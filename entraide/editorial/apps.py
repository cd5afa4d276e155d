from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "entraide.editorial"
    verbose_name = _("Média local")
