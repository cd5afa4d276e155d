"""Read-only: every change of a connection, membership or sponsorship goes through the services
(their rules, locks and audit log), never through a form of the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from entraide.community.models import (
    Charter,
    Comment,
    Connection,
    ConnectionInvitation,
    Group,
    Membership,
    PersonBlock,
    Post,
    Reaction,
    Sponsorship,
    Trust,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "visibility", "admission", "sponsors_required", "created_at")
    list_filter = ("visibility", "admission")
    search_fields = ("name", "slug")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("person", "group", "role", "state", "joined_at", "ended_at")
    list_filter = ("state", "role")
    raw_id_fields = ("person", "group", "decided_by")


@admin.register(Sponsorship)
class SponsorshipAdmin(ReadOnlyAdmin):
    list_display = ("sponsor", "candidate", "group", "state", "created_at")
    list_filter = ("state",)


@admin.register(Connection)
class ConnectionAdmin(ReadOnlyAdmin):
    list_display = ("first", "second", "asked_by", "status", "changed_at")
    list_filter = ("status",)


@admin.register(ConnectionInvitation)
class ConnectionInvitationAdmin(ReadOnlyAdmin):
    list_display = ("inviter", "created_at", "expires_at", "revoked_at")
    exclude = ("token",)


admin.site.register(Charter, ReadOnlyAdmin)
admin.site.register(Trust, ReadOnlyAdmin)
admin.site.register(PersonBlock, ReadOnlyAdmin)


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("group", "author", "created_at", "pinned_at", "hidden_at", "comment_count")
    list_filter = ("hidden_at", "pinned_at")
    list_select_related = ("group", "author")
    raw_id_fields = ("group", "author", "hidden_by")


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("post", "author", "created_at", "hidden_at")
    list_select_related = ("post", "author")
    raw_id_fields = ("post", "author", "hidden_by")


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyAdmin):
    list_display = ("post", "person", "kind", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("post", "person")
