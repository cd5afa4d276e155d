"""Limits counted in the database: at most so many rows of a kind (conversations opened, messages
sent, proposals made) within a sliding window, whoever writes them and through whichever
process. Counting the rows the writes leave behind holds across processes without a cache;
two simultaneous requests may both pass at the limit, an overshoot of one we accept."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from entraide.core.exceptions import ActionRefused


@dataclass(frozen=True)
class CountedLimit:
    """At most `most` rows in `window`. `refusal` is the message shown beyond it, which may
    name `%(count)d` (the limit) and `%(minutes)d` (the window)."""

    most: int
    window: timedelta
    refusal: str | Promise
    field: str | None = None

    def used(self, rows: QuerySet[Any], *, date_field: str = "created_at") -> int:
        """How many of `rows` fall within the window, up to now."""
        since = timezone.now() - self.window
        return rows.filter(**{f"{date_field}__gte": since}).count()

    def ensure_under(self, rows: QuerySet[Any], *, date_field: str = "created_at") -> None:
        """Refuse (ActionRefused) when `rows` already reach the limit within the window."""
        if self.used(rows, date_field=date_field) >= self.most:
            minutes = int(self.window.total_seconds() // 60)
            raise ActionRefused(
                str(self.refusal) % {"count": self.most, "minutes": minutes}, field=self.field
            )
