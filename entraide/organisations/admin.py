"""Django admin for staff: it reads. Every change to an organisation, an invitation or a
partnership goes through the site's pages and their services (audit log, search words, slots
kept in step); verification through the same service as the site, as an admin action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from entraide.core.exceptions import ActionRefused
from entraide.organisations import services
from entraide.organisations.models import (
    IdentityChange,
    Invitation,
    Membership,
    Organisation,
    Partnership,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]
    readonly_fields = ["person", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "commune", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "rna_number", "siren"]
    raw_id_fields = ["commune", "created_by"]
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    @admin.action(description=_("Vérifier les organisations sélectionnées"))
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        done = 0
        for organisation in queryset:
            try:
                services.verify_organisation(request.user, organisation)  # type: ignore[arg-type]
                done += 1
            except ActionRefused as error:
                self.message_user(request, f"{organisation}: {error.message}", messages.WARNING)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("%(name)s : vous n’êtes pas de l’équipe de son territoire.")
                    % {"name": organisation},
                    messages.WARNING,
                )
        self.message_user(request, _("%(count)d organisation(s) vérifiée(s).") % {"count": done})


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    exclude = ["token"]


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["requester", "partner", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester", "partner", "requested_by", "decided_by"]


@admin.register(IdentityChange)
class IdentityChangeAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "name", "commune", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["organisation", "commune", "requested_by", "decided_by"]
