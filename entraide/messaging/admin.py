from django.contrib import admin
from django.http import HttpRequest

from entraide.messaging.models import Conversation, Message


class MessageInline(admin.TabularInline):
    """Read-only: staff may read a reported thread, never rewrite what someone said."""

    model = Message
    fields = ("created_at", "sender", "from_organisation", "body")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = (
        "subject",
        "organisation",
        "person",
        "counterpart",
        "created_at",
        "last_message_at",
    )
    list_select_related = ("organisation", "person", "counterpart")
    list_filter = ("started_by",)
    search_fields = ("subject", "organisation__name")
    date_hierarchy = "last_message_at"
    fields = (
        "subject",
        "organisation",
        "person",
        "counterpart",
        "started_by",
        "action",
        "slot",
        "created_at",
        "last_message_at",
    )
    readonly_fields = fields
    inlines = [MessageInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
