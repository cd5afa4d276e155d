from django.contrib import admin

from entraide.actions.models import Action, Participation, Slot


class SlotInline(admin.TabularInline):
    """Slots are added and changed through the organisation's pages (services keep the seats,
    the week mask and the copied search fields right); the admin reads them."""

    model = Slot
    extra = 0
    fields = ["starts_at", "ends_at", "capacity", "seats_taken", "is_listed"]
    readonly_fields = ["starts_at", "ends_at", "capacity", "seats_taken", "is_listed"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the organisation's pages (services and audit log),
    which keep the slots' copies and the search words in step."""

    list_display = ["title", "organisation", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organisation__name"]
    inlines = [SlotInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    """Read-only: seats are counted by the services only."""

    list_display = ["slot", "person", "status", "companions", "created_at"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
