from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "entraide.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from entraide.organisations.logos import limit_decoders

        limit_decoders()

        from entraide.accounts.rules import register_member_page_reason
        from entraide.organisations.rules import shares_an_organisation

        register_member_page_reason(shares_an_organisation)
