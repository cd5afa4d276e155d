"""The kinds of user content that can be reported and moderated. `moderation` sits below the
apps whose content it moderates (community, aid, editorial…), so it cannot import them: each
app registers its kinds in its `ready()` with `register_content_kind`, and the moderation
services and queue speak to a piece of content only through its kind.

A kind keeps its own hidden state on its own rows (a `hidden_at` column, filtered by that
app's selectors), so that hidden content is absent from every list, feed and count at the cost
of one indexed condition, and hiding never deletes anything (ARCHITECTURE.md)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models


@dataclass(frozen=True)
class ContentKind:
    key: str  # "community.post": the app's label and what it is
    model: type[models.Model]
    label: Any  # a lazy translation: « publication de groupe »
    # The territory whose staff and moderators decide on it; None when it belongs to none
    # (a personal conversation), then the staff of the author's territories decide.
    territory_id_of: Callable[[Any], int | None]
    # The group whose moderators decide on it first, or None.
    group_id_of: Callable[[Any], int | None]
    author_id_of: Callable[[Any], int | None]
    # What the queue shows of it, in context: a short excerpt (never an e-mail or a phone:
    # public texts refuse them, ADR 0018) and the page where it is seen.
    excerpt_of: Callable[[Any], str]
    url_of: Callable[[Any], str]
    is_hidden: Callable[[Any], bool]
    # Each writes the row's hidden state with `update_fields`; the moderation service holds
    # the transaction, the row lock and the audit entry.
    hide: Callable[[Any, datetime], None]
    restore: Callable[[Any], None]
    # Who else, beside the territory's staff and moderators, may decide on it (a group's
    # moderators for its posts); None when nobody else may.
    may_moderate: Callable[[Any, Any], bool] | None = None
    # Whether `viewer` (a visitor too) may see it: a report form for content the viewer cannot
    # see is a 404 (DSA Art. 16 for what is public, the app's own rules for the rest).
    visible_to: Callable[[Any, Any], bool] = lambda viewer, obj: True


CONTENT_KINDS: dict[str, ContentKind] = {}


@dataclass(frozen=True)
class GroupModeration:
    """How moderation asks `community` about a group it cannot import: whether a person
    moderates it, and its name for the group's queue."""

    moderates: Callable[[Any, int], bool]
    name_of: Callable[[int], str | None]


GROUP_MODERATION: list[GroupModeration] = []


def register_group_moderation(hook: GroupModeration) -> None:
    if not GROUP_MODERATION:
        GROUP_MODERATION.append(hook)


def register_content_kind(kind: ContentKind) -> None:
    CONTENT_KINDS.setdefault(kind.key, kind)


def kind_of(target: models.Model) -> ContentKind | None:
    for kind in CONTENT_KINDS.values():
        if isinstance(target, kind.model):
            return kind
    return None


def content_kind(key: str) -> ContentKind | None:
    return CONTENT_KINDS.get(key)
