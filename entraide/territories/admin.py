from django.contrib import admin

from entraide.territories.models import CharterAcceptance, Commune, Territory, TerritoryCharter


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "department_code", "population", "location_source"]
    list_filter = ["kind", "location_source"]
    search_fields = ["insee_code", "name", "postcodes"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    """Territories and their staff are created through the services (`manage.py
    add_territory_staff`), which check the slug and write the audit log; the admin reads them."""

    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug", "communes", "staff", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(TerritoryCharter)
class TerritoryCharterAdmin(admin.ModelAdmin):
    """Read only: a version is published by the staff's page (services.publish_charter)."""

    list_display = ["territory", "version", "published_at", "published_by"]
    list_filter = ["territory"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["charter", "accepted_at"]
    list_filter = ["charter__territory"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
