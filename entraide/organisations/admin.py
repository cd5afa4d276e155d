"""Django admin for staff. Verification goes through the same services as the site."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from entraide.core.exceptions import ActionRefused
from entraide.organisations import services
from entraide.organisations.models import Invitation, Membership, Organisation, Partnership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]
    readonly_fields = ["person", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "rna_number", "siren"]
    raw_id_fields = ["commune", "created_by"]
    readonly_fields = [
        "status",
        "status_reason",
        "status_changed_at",
        "search_document",
        "created_at",
    ]
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
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    exclude = ["token"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["requester", "partner", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester", "partner", "requested_by", "decided_by"]
