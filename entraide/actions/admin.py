from django.contrib import admin

from entraide.actions.models import Action, Participation, Slot


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    fields = ["starts_at", "ends_at", "capacity", "seats_taken"]
    readonly_fields = ["seats_taken"]
    show_change_link = True


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read and correct texts; lifecycle changes go through the site (services and audit)."""

    list_display = ["title", "organisation", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "commune", "created_by"]
    readonly_fields = ["status", "status_reason", "published_at", "search_document"]
    inlines = [SlotInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["slot", "person", "status", "companions", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["slot", "person", "decided_by"]
    readonly_fields = ["status", "offer_expires_at"]
