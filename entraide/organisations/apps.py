from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "entraide.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from entraide.core.images import limit_decoders

        limit_decoders()

        from entraide.accounts.rules import register_member_page_reason
        from entraide.core.page_sections import TERRITORY_HOME, PageSection, register_page_section
        from entraide.organisations.rules import shares_an_organisation
        from entraide.organisations.selectors import newest_organisations_in

        register_member_page_reason(shares_an_organisation)
        # Then, after the next actions, the associations verified last.
        register_page_section(
            PageSection(
                page=TERRITORY_HOME,
                order=20,
                template_name="organisations/territory_home_section.html",
                context=lambda request, territory: {
                    "organisations": newest_organisations_in(territory, 6)
                },
            )
        )
