from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "entraide.actions"
    verbose_name = _("Actions et agenda")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.actions import (  # noqa: F401 - connects the signal receivers
            account_receivers,
            receivers,
            territory_sections,
        )
        from entraide.actions.rules import shares_an_action
        from entraide.actions.selectors import upcoming_slots_page
        from entraide.core.page_sections import (
            ORGANISATION_PAGE,
            PageSection,
            register_page_section,
        )

        register_member_page_reason(shares_an_action)
        # A territory's front page: the initiatives most joined this month, the actions with
        # places left this week, the live broadcasts; the site's home, each territory's week.
        territory_sections.register()
        # An organisation's page lists its upcoming slots.
        register_page_section(
            PageSection(
                page=ORGANISATION_PAGE,
                order=10,
                template_name="actions/organisation_section.html",
                context=lambda request, organisation: upcoming_slots_page(
                    organisation, request.GET.get("page")
                ),
            )
        )
