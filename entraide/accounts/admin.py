from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_staff", "is_active", "is_superuser"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Identité"),
            {"fields": ("first_name", "last_name", "public_name_style", "pseudonym", "bio")},
        ),
        (_("Coordonnées privées"), {"fields": ("phone", "street_address", "home_commune")}),
        (_("Droits"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "password1", "password2")}),
    )
    raw_id_fields = ["home_commune"]
