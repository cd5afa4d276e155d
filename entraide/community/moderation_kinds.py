"""The group posts and comments, as kinds of content moderation knows (moderation/registry.py):
registered in `CommunityConfig.ready`. Hiding keeps the row and writes `hidden_at` (the feeds
and counts already leave hidden rows out); a hidden comment leaves its post's count."""

from datetime import datetime
from typing import Any

from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext_lazy as _

from entraide.community import rules
from entraide.community.models import Comment, Group, Post
from entraide.moderation.registry import (
    ContentKind,
    GroupModeration,
    register_content_kind,
    register_group_moderation,
)


def _hide_post(post: Post, when: datetime) -> None:
    post.hidden_at = when
    post.pinned_at = None
    post.save(update_fields=["hidden_at", "pinned_at"])


def _restore_post(post: Post) -> None:
    post.hidden_at = None
    post.hidden_by = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])


def _hide_comment(comment: Comment, when: datetime) -> None:
    comment.hidden_at = when
    comment.save(update_fields=["hidden_at"])
    Post.objects.filter(pk=comment.post_id).update(
        comment_count=Greatest(F("comment_count") - 1, 0)
    )


def _restore_comment(comment: Comment) -> None:
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    Post.objects.filter(pk=comment.post_id).update(comment_count=F("comment_count") + 1)


def _post_visible_to(viewer: Any, post: Post) -> bool:
    group = post.group
    return (
        post.hidden_at is None
        and rules.can_see_group(viewer, group)
        and rules.can_see_content(viewer, group)
    )


def _comment_visible_to(viewer: Any, comment: Comment) -> bool:
    return comment.hidden_at is None and _post_visible_to(viewer, comment.post)


def _moderates(viewer: Any, group_id: int) -> bool:
    group = Group.objects.filter(pk=group_id).first()
    return group is not None and rules.can_review_requests(viewer, group)


def _name_of(group_id: int) -> str | None:
    return Group.objects.filter(pk=group_id).values_list("name", flat=True).first()


def register() -> None:
    register_content_kind(
        ContentKind(
            key="community.post",
            model=Post,
            label=_("publication de groupe"),
            territory_id_of=lambda post: post.group.territory_id,
            group_id_of=lambda post: post.group_id,
            author_id_of=lambda post: post.author_id,
            excerpt_of=lambda post: post.body[:200],
            url_of=lambda post: post.get_absolute_url(),
            is_hidden=lambda post: post.hidden_at is not None,
            hide=_hide_post,
            restore=_restore_post,
            may_moderate=lambda viewer, post: rules.can_review_requests(viewer, post.group),
            visible_to=_post_visible_to,
        )
    )
    register_content_kind(
        ContentKind(
            key="community.comment",
            model=Comment,
            label=_("commentaire de groupe"),
            territory_id_of=lambda comment: comment.post.group.territory_id,
            group_id_of=lambda comment: comment.post.group_id,
            author_id_of=lambda comment: comment.author_id,
            excerpt_of=lambda comment: comment.body[:200],
            url_of=lambda comment: f"{comment.post.get_absolute_url()}#comment-{comment.pk}",
            is_hidden=lambda comment: comment.hidden_at is not None,
            hide=_hide_comment,
            restore=_restore_comment,
            may_moderate=lambda viewer, comment: rules.can_review_requests(
                viewer, comment.post.group
            ),
            visible_to=_comment_visible_to,
        )
    )
    register_group_moderation(GroupModeration(moderates=_moderates, name_of=_name_of))
