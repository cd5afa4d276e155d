from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "entraide.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from entraide.organisations.logos import limit_decoders

        limit_decoders()
