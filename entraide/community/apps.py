from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "entraide.community"
    verbose_name = _("Réseaux de confiance")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.community.notifications import register_kinds
        from entraide.community.rules import is_blocked_between, knows_through_community
        from entraide.messaging.rules import register_person_block_check

        register_member_page_reason(knows_through_community)
        register_person_block_check(is_blocked_between)
        register_kinds()
        from entraide.community import moderation_kinds

        moderation_kinds.register()
        from entraide.community import network_views

        network_views.register()  # the member page's and the action page's sections
        from entraide.community import territory_sections

        territory_sections.register()  # a territory's front page: its public groups
        from entraide.community import account_receivers  # noqa: F401 - connects the receivers
