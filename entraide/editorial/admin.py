"""Read-only pages for the staff: roles, articles with their revisions, comments. Nothing is
changed here: every write goes through the services (the newsroom's pages, the moderation).
The address of a person portrayed by invitation is not listed."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from entraide.editorial.models import Article, ArticleComment, ArticleRevision, EditorialRole


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EditorialRole)
class EditorialRoleAdmin(ReadOnly, admin.ModelAdmin[EditorialRole]):
    list_display = ["person", "role", "territory", "granted_by", "created_at"]
    list_filter = ["role", "territory"]
    raw_id_fields = ["person", "granted_by"]


@admin.register(Article)
class ArticleAdmin(ReadOnly, admin.ModelAdmin[Article]):
    list_display = [
        "__str__",
        "kind",
        "territory",
        "status",
        "published_at",
        "featured",
        "hidden_at",
    ]
    list_filter = ["kind", "status", "territory"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["created_by", "published_revision"]
    exclude = ["organisations", "actions", "groups"]


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnly, admin.ModelAdmin[ArticleRevision]):
    list_display = ["title", "article", "author", "created_at"]
    raw_id_fields = ["article", "author"]


@admin.register(ArticleComment)
class ArticleCommentAdmin(ReadOnly, admin.ModelAdmin[ArticleComment]):
    list_display = ["__str__", "article", "author", "created_at", "hidden_at"]
    raw_id_fields = ["article", "author"]
