"""Who may do what in a territory's newsroom. One condition per line; the services raise where
these say no, the views and templates read them to show the right buttons.

The territory's staff hold every editor's right besides giving the role (ADR 0037): they answer
for what their portal publishes."""

from typing import Any

from entraide.editorial.enums import NewsroomRole
from entraide.editorial.models import Article, EditorialRole
from entraide.territories.models import Territory
from entraide.territories.rules import is_territory_staff


def is_logged_in(viewer: Any) -> bool:
    return bool(getattr(viewer, "is_authenticated", False)) and bool(
        getattr(viewer, "is_active", False)
    )


def role_of(viewer: Any, territory: Territory) -> str | None:
    """The viewer's role in the newsroom: editor for the staff too, else their role row's."""
    if not is_logged_in(viewer):
        return None
    if is_territory_staff(viewer, territory):
        return NewsroomRole.EDITOR
    row = EditorialRole.objects.filter(territory=territory, person_id=viewer.pk).first()
    return row.role if row is not None else None


def can_manage_editors(viewer: Any, territory: Territory) -> bool:
    return is_logged_in(viewer) and is_territory_staff(viewer, territory)


def is_editor(viewer: Any, territory: Territory) -> bool:
    return role_of(viewer, territory) == NewsroomRole.EDITOR


def is_in_newsroom(viewer: Any, territory: Territory) -> bool:
    return role_of(viewer, territory) is not None


def is_article_author(viewer: Any, article: Article) -> bool:
    return is_logged_in(viewer) and article.created_by_id == viewer.pk


def can_write_article(viewer: Any, article: Article) -> bool:
    """Editors write every article of their territory; a contributor their own."""
    role = role_of(viewer, article.territory)
    if role == NewsroomRole.EDITOR:
        return True
    return role == NewsroomRole.CONTRIBUTOR and is_article_author(viewer, article)


def can_publish_article(viewer: Any, article: Article) -> bool:
    return is_editor(viewer, article.territory)


def can_comment(viewer: Any, article: Article) -> bool:
    return is_logged_in(viewer) and article.is_public and not article.comments_closed
