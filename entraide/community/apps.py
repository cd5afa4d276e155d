from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "entraide.community"
    verbose_name = _("Réseaux de confiance")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.community.notifications import register_kinds
        from entraide.community.rules import knows_through_community

        register_member_page_reason(knows_through_community)
        register_kinds()
