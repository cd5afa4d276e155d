"""The local media's content as the moderation sees it (moderation.registry): articles and
their comments, hidden and restored through `hidden_at`, which every public selector filters."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from entraide.editorial.models import Article, ArticleComment
from entraide.editorial.services import hide_content, restore_content
from entraide.moderation.registry import ContentKind, register_content_kind


def _comment_territory(comment: Any) -> int | None:
    return int(comment.article.territory_id)


def _article_visible_to(viewer: Any, article: Article) -> bool:
    """What anyone may read and so report: a published article not hidden."""
    return article.is_public


def _comment_visible_to(viewer: Any, comment: ArticleComment) -> bool:
    return comment.hidden_at is None and comment.article.is_public


def register_kinds() -> None:
    register_content_kind(
        ContentKind(
            key="editorial.article",
            model=Article,
            label=_("article"),
            territory_id_of=lambda article: article.territory_id,
            group_id_of=lambda article: None,
            author_id_of=lambda article: article.created_by_id,
            excerpt_of=lambda article: f"{article.title} — {article.standfirst}"[:300],
            url_of=lambda article: article.get_absolute_url(),
            is_hidden=lambda article: article.hidden_at is not None,
            hide=hide_content,
            restore=restore_content,
            visible_to=_article_visible_to,
        )
    )
    register_content_kind(
        ContentKind(
            key="editorial.comment",
            model=ArticleComment,
            label=_("commentaire d’article"),
            territory_id_of=_comment_territory,
            group_id_of=lambda comment: None,
            author_id_of=lambda comment: comment.author_id,
            excerpt_of=lambda comment: comment.body[:300],
            url_of=lambda comment: comment.get_absolute_url(),
            is_hidden=lambda comment: comment.hidden_at is not None,
            hide=hide_content,
            restore=restore_content,
            visible_to=_comment_visible_to,
        )
    )
