from django.contrib import admin
from django.http import HttpRequest

from entraide.volunteers.models import AvailabilityPeriod, Proposal, VolunteerProfile


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class PeriodInline(ReadOnlyInline):
    model = AvailabilityPeriod
    fields = ("kind", "starts_on", "ends_on")
    readonly_fields = fields


class ProposalInline(ReadOnlyInline):
    model = Proposal
    fields = ("created_at", "organisation", "action", "sent_by")
    readonly_fields = fields


@admin.register(VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    """Read-only. The profile belongs to the person: its consent ("associations may find me")
    is recorded by the service with its date, which an edit here would bypass. Staff read it to
    answer a question or a report; the person's e-mail stays on the account page."""

    list_display = (
        "__str__",
        "home_commune",
        "discoverable",
        "discoverable_changed_at",
        "monthly_proposals",
        "last_proposal_at",
        "updated_at",
    )
    list_select_related = ("person", "home_commune")
    list_filter = ("discoverable",)
    search_fields = ("home_commune__name", "home_commune__insee_code")
    fields = (
        "person",
        "home_commune",
        "travel_km",
        "interests",
        "skills",
        "week_mask",
        "presentation",
        "discoverable",
        "discoverable_changed_at",
        "monthly_proposals",
        "last_proposal_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = [PeriodInline, ProposalInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
