"""Making a revision the published version: shared by the publishing service and the task that
publishes a scheduled article at its hour (kept apart from services.py so that the task imports
no service and the services can import the task: no import circle)."""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from entraide.core import lifecycles
from entraide.core.audit import log_action
from entraide.core.notifications import notify
from entraide.editorial import notifications as kinds
from entraide.editorial.enums import ARTICLE_LIFECYCLE, ArticleStatus
from entraide.editorial.models import Article, ArticleRevision
from entraide.editorial.selectors import (
    linkable_actions,
    linkable_groups,
    linkable_organisations,
    valid_ids,
)

PUBLISHED_FIELDS = [
    "title", "standfirst", "body", "cover", "cover_medium", "cover_small", "cover_alt",
    "interests",
]  # fmt: skip


def apply_revision(article: Article, revision: ArticleRevision, *, now: datetime) -> None:
    """Copy the revision onto the article's row (its files are shared, never copied) and its
    links, those still linkable; the row is locked by the caller."""
    for name in PUBLISHED_FIELDS:
        setattr(article, name, getattr(revision, name))
    article.published_revision = revision
    article.status = ArticleStatus.PUBLISHED
    article.published_at = article.published_at or now
    article.republished_at = now
    article.publish_at = None
    article.send_back_comment = ""
    article.save(
        update_fields=[
            *PUBLISHED_FIELDS, "published_revision", "status", "published_at",
            "republished_at", "publish_at", "send_back_comment",
        ]
    )  # fmt: skip
    territory = article.territory
    article.organisations.set(
        valid_ids(linkable_organisations(territory), revision.link_ids("organisations"))
    )
    article.actions.set(valid_ids(linkable_actions(territory), revision.link_ids("actions")))
    article.groups.set(valid_ids(linkable_groups(territory), revision.link_ids("groups")))


def tell_author_published(article: Article) -> None:
    if article.created_by is not None:
        transaction.on_commit(
            partial(notify, article.created_by, kinds.PUBLISHED, {"article": article})
        )


def publish_due_article(article_id: int) -> bool:
    """Publish a scheduled article whose hour has come. Run twice, or after the article was
    sent back or rescheduled, it does nothing: it acts only on a scheduled article whose
    `publish_at` is past. Returns whether it published."""
    with transaction.atomic():
        article = (
            Article.objects.select_for_update(of=("self",))
            .select_related("territory", "created_by")
            .filter(pk=article_id)
            .first()
        )
        now = timezone.now()
        if (
            article is None
            or article.status != ArticleStatus.SCHEDULED
            or article.publish_at is None
            or article.publish_at > now
        ):
            return False
        lifecycles.check(ARTICLE_LIFECYCLE["publish_scheduled"], article.status)
        revision = article.revisions.first()
        if revision is None:
            return False
        apply_revision(article, revision, now=now)
        log_action(
            None, "editorial.article.published", article, revision=revision.pk, scheduled=True
        )
        tell_author_published(article)
    return True
