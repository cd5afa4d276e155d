from django.contrib import admin
from django.http import HttpRequest

from entraide.moderation.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only until the moderation queue (a later issue) brings its transition services."""

    list_display = ("created_at", "content_type", "object_id", "status", "reporter")
    list_filter = ("status", "content_type")
    list_select_related = ("content_type", "reporter")
    readonly_fields = ("created_at", "reporter", "content_type", "object_id", "reason", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
