from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "entraide.volunteers"
    verbose_name = _("Bénévoles")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.volunteers import receivers  # noqa: F401 - connects the signal receivers
        from entraide.volunteers.rules import finds_a_discoverable_volunteer

        register_member_page_reason(finds_a_discoverable_volunteer)
