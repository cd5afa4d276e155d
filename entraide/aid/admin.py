"""Read-only pages for the staff: requests and their counters. Reach, relays and answers are
not listed one by one: who relayed what to whom stays out of every page (ADR 0031)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from entraide.aid.models import AidRequest


@admin.register(AidRequest)
class AidRequestAdmin(admin.ModelAdmin[AidRequest]):
    list_display = [
        "title",
        "kind",
        "category",
        "commune",
        "status",
        "created_at",
        "ends_at",
        "people_reached",
        "relay_count",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["author", "commune"]
    exclude = ["groups"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
