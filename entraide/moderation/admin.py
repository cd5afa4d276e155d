"""Read-only: every moderation change goes through the services and the moderation pages,
which check the roles, lock the rows and write the audit log."""

from django.contrib import admin
from django.http import HttpRequest

from entraide.moderation.models import (
    Appeal,
    Decision,
    ModerationCase,
    ModerationSettings,
    Report,
    Sanction,
    TerritoryModerator,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    # No reporter e-mail here: it serves only to answer the visitor.
    list_display = ("created_at", "content_type", "object_id", "category", "status", "reporter")
    list_filter = ("status", "category", "content_type")
    list_select_related = ("content_type", "reporter")
    exclude = ("reporter_email",)


@admin.register(ModerationCase)
class ModerationCaseAdmin(ReadOnlyAdmin):
    list_display = ("opened_at", "kind_key", "object_id", "state", "urgent", "is_hidden")
    list_filter = ("state", "urgent", "kind_key")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "case", "automatic", "moderator")
    list_filter = ("kind", "automatic")
    list_select_related = ("case", "moderator")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "decision", "state", "decided_by")
    list_filter = ("state",)


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "person", "territory", "kind", "until", "lifted_at")
    list_filter = ("kind",)


@admin.register(TerritoryModerator)
class TerritoryModeratorAdmin(ReadOnlyAdmin):
    list_display = ("territory", "person", "created_at")


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(ReadOnlyAdmin):
    list_display = ("territory", "trusted_reporters")
