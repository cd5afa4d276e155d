from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "entraide.messaging"
    verbose_name = _("Messagerie")

    def ready(self) -> None:
        from entraide.accounts.rules import register_member_page_reason
        from entraide.messaging.rules import in_a_conversation_with

        register_member_page_reason(in_a_conversation_with)
        from entraide.messaging import moderation_kinds

        moderation_kinds.register()
