from django.contrib import admin

from entraide.territories.models import Commune, Territory


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
