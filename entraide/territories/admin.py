from django.contrib import admin

from entraide.territories.models import Commune, Territory


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "department_code", "population", "location_source"]
    list_filter = ["kind", "location_source"]
    search_fields = ["insee_code", "name", "postcodes"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    filter_horizontal = ["communes", "staff"]
    search_fields = ["name", "slug"]
