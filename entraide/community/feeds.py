"""Reads of the posts of groups: a group's feed, a person's feed across their groups, one post.

Both feeds page by keyset on (created_at, id), newest first, never by OFFSET: the cursor is the
last post shown, and the next page starts strictly after it, so posts written at the same
instant are neither repeated nor skipped. Each costs the same few queries whatever its length:
the posts with their author and group, then one grouped read of the page's reactions (counts
and the viewer's own). Callable without a request (the benchmark calls them directly).

What a viewer sees: hidden posts are absent, except for the group's admins and moderators who
see them marked hidden; posts and comments by someone the viewer blocked are absent (the block
is the blocker's wish not to read that person; the blocked person still reads the group).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from entraide.accounts.models import User
from entraide.community import rules
from entraide.community.enums import MembershipState, ReactionKind
from entraide.community.models import Comment, Group, Membership, PersonBlock, Post, Reaction

Viewer = User | AnonymousUser
Cursor = tuple[datetime, int]
PAGE_SIZE = 20
PINNED_MAX = 10
# Above this many groups the personal feed reads them in one IN list rather than one index
# range per group (a UNION ALL that long would cost more to plan than to run).
UNION_MAX_GROUPS = 100


@dataclass
class ReactionCount:
    kind: str
    label: str
    count: int
    mine: bool


@dataclass
class FeedPage:
    """The posts of a page (pinned ones first on a group's first page) and the cursor of the
    next page, None on the last."""

    posts: list[Post]
    pinned: list[Post] = field(default_factory=list)
    next_cursor: Cursor | None = None

    @property
    def next_token(self) -> str:
        return encode_cursor(self.next_cursor) if self.next_cursor else ""


def encode_cursor(cursor: Cursor) -> str:
    created_at, post_id = cursor
    return f"{created_at.isoformat()}~{post_id}"


def decode_cursor(token: str | None) -> Cursor | None:
    """A cursor from the URL; anything tampered is no cursor (the first page)."""
    if not token or "~" not in token:
        return None
    stamp, _sep, post_id = token.rpartition("~")
    try:
        created_at = datetime.fromisoformat(stamp)
        number = int(post_id)
    except ValueError:
        return None
    if created_at.tzinfo is None or number < 1:
        return None
    return created_at, number


def _viewer_id(viewer: Viewer) -> int | None:
    return int(viewer.pk) if rules.is_logged_in(viewer) and viewer.pk else None


def _visible_to(viewer: Viewer, rows: QuerySet[Any], *, author_field: str) -> QuerySet[Any]:
    """Leave out what the viewer chose not to read: the people they blocked."""
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return rows
    blocked = PersonBlock.objects.filter(blocker_id=viewer_id).values("blocked_id")
    return rows.exclude(**{f"{author_field}__in": blocked})


def _after(rows: QuerySet[Post], before: Cursor | None) -> QuerySet[Post]:
    if before is None:
        return rows
    created_at, post_id = before
    return rows.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=post_id))


def _with_reactions(viewer: Viewer, posts: list[Post]) -> None:
    """Each post's `reaction_counts` (every kind, in the fixed order) from one grouped read."""
    viewer_id = _viewer_id(viewer)
    counts: dict[tuple[int, str], tuple[int, bool]] = {}
    if posts:
        rows = (
            Reaction.objects.filter(post_id__in=[post.pk for post in posts])
            .values("post_id", "kind")
            .annotate(n=Count("id"), mine=Count("id", filter=Q(person_id=viewer_id or 0)))
            .order_by()
        )
        for row in rows:
            counts[(row["post_id"], row["kind"])] = (row["n"], row["mine"] > 0)
    for post in posts:
        post.reaction_counts = [  # type: ignore[attr-defined]
            ReactionCount(kind, str(label), *counts.get((post.pk, kind), (0, False)))
            for kind, label in ReactionKind.choices
        ]


def _page(rows: list[Post], limit: int) -> tuple[list[Post], Cursor | None]:
    """The first `limit` of `rows` (read one beyond) and the cursor after them, if more."""
    posts = rows[:limit]
    last = posts[-1] if posts and len(rows) > limit else None
    return posts, (last.created_at, last.pk) if last else None


def group_posts(viewer: Viewer, group: Group) -> QuerySet[Post]:
    """The posts of a group the viewer may read: hidden ones for its moderators alone."""
    rows = Post.objects.filter(group=group).select_related("author", "group", "hidden_by")
    if not rules.can_review_requests(viewer, group):
        rows = rows.filter(hidden_at__isnull=True)
    return _visible_to(viewer, rows, author_field="author_id")


def group_feed(
    viewer: Viewer, group: Group, *, before: Cursor | None, limit: int = PAGE_SIZE
) -> FeedPage:
    """A group's feed: on the first page its pinned posts (most recently pinned first), then
    every other post newest first. Reads the index post_group_feed (group, created_at desc,
    id desc) from the cursor on, and post_group_pinned for the pinned. The caller has checked
    that the viewer may read the group's content (selectors.access_group_content)."""
    if not rules.can_see_content(viewer, group):
        raise Http404
    visible = group_posts(viewer, group)
    pinned: list[Post] = []
    if before is None:
        pinned = list(
            visible.filter(pinned_at__isnull=False).order_by("-pinned_at", "-id")[:PINNED_MAX]
        )
    rows = list(
        _after(visible.filter(pinned_at__isnull=True), before).order_by("-created_at", "-id")[
            : limit + 1
        ]
    )
    posts, cursor = _page(rows, limit)
    _with_reactions(viewer, pinned + posts)
    return FeedPage(posts=posts, pinned=pinned, next_cursor=cursor)


def _group_ids_of(viewer: Viewer) -> list[int]:
    viewer_id = _viewer_id(viewer)
    if viewer_id is None:
        return []
    return list(
        Membership.objects.filter(person_id=viewer_id, state=MembershipState.ACTIVE)
        .order_by("group_id")
        .values_list("group_id", flat=True)
    )


def _newest_ids(group_ids: list[int], before: Cursor | None, count: int) -> list[int]:
    """The ids of the `count` newest visible posts across these groups.

    On PostgreSQL one index range per group (post_group_feed, `count` rows each) joined by
    UNION ALL: the newest of a person's groups without reading every post of a big one. A
    single `group_id IN (…) ORDER BY … LIMIT` would read and sort all of them."""
    base = Post.objects.filter(hidden_at__isnull=True)
    if connection.features.supports_slicing_ordering_in_compound and (
        1 < len(group_ids) <= UNION_MAX_GROUPS
    ):
        parts = [
            _after(base.filter(group_id=group_id), before)
            .order_by("-created_at", "-id")
            .values_list("created_at", "id")[:count]
            for group_id in group_ids
        ]
        merged = parts[0].union(*parts[1:], all=True).order_by("-created_at", "-id")[:count]
        return [post_id for _created, post_id in merged]
    rows = _after(base.filter(group_id__in=group_ids), before).order_by("-created_at", "-id")
    return list(rows.values_list("id", flat=True)[:count])


def personal_feed(viewer: Viewer, *, before: Cursor | None, limit: int = PAGE_SIZE) -> FeedPage:
    """The posts of every group the viewer is an active member of, newest first (no pinned
    heading, no hidden post: moderation is read in each group). A group left is out at once."""
    group_ids = _group_ids_of(viewer)
    if not group_ids:
        return FeedPage(posts=[])
    viewer_id = _viewer_id(viewer)
    blocked = set(
        PersonBlock.objects.filter(blocker_id=viewer_id).values_list("blocked_id", flat=True)
    )
    # Blocked authors are dropped after the ids are read (a handful), so ask for that many
    # more; the page may come up short past a long run of them, never skip a post.
    asked = limit + 1 + len(blocked)
    ids = _newest_ids(group_ids, before, asked)
    by_id = Post.objects.select_related("author", "group").in_bulk(ids)
    rows = [by_id[pk] for pk in ids if pk in by_id and by_id[pk].author_id not in blocked]
    posts, cursor = _page(rows, limit)
    if cursor is None and len(ids) == asked and ids[-1] in by_id:
        # Every row read was shown or blocked, and there may be more: go on after the last read.
        cursor = (by_id[ids[-1]].created_at, ids[-1])
    _with_reactions(viewer, posts)
    return FeedPage(posts=posts, next_cursor=cursor)


def access_post(viewer: Viewer, post_id: int, *, group: Group | None = None) -> Post:
    """The post, or a 404 that names nothing: unless the viewer may read its group's content,
    when it belongs to another group than the URL's, when it is hidden (except for the group's
    moderators) or its author is someone the viewer blocked."""
    post = Post.objects.filter(pk=post_id).select_related("group", "author", "hidden_by").first()
    if post is None or (group is not None and post.group_id != group.pk):
        raise Http404
    if not rules.can_see_group(viewer, post.group) or not rules.can_see_content(viewer, post.group):
        raise Http404
    if post.hidden_at is not None and not rules.can_review_requests(viewer, post.group):
        raise Http404
    viewer_id = _viewer_id(viewer)
    if (
        viewer_id is not None
        and post.author_id is not None
        and PersonBlock.objects.filter(blocker_id=viewer_id, blocked_id=post.author_id).exists()
    ):
        raise Http404
    _with_reactions(viewer, [post])
    return post


def comments_of(viewer: Viewer, post: Post) -> QuerySet[Comment]:
    """A post's comments, oldest first. A hidden one keeps its place (never a silent gap): the
    page shows « masqué par la modération le … » instead of its text, which the group's
    moderators alone still read."""
    rows = Comment.objects.filter(post=post).select_related("author", "hidden_by")
    return _visible_to(viewer, rows, author_field="author_id").order_by("created_at", "id")


def access_comment(viewer: Viewer, post: Post, comment_id: int) -> Comment:
    comment = Comment.objects.filter(pk=comment_id, post=post).select_related("post").first()
    if comment is None:
        raise Http404
    return comment
