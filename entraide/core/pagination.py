"""Pagination of large result sets: the count stops at a cap, since an exact count of a
country-wide search would read every matching row (docs/benchmarks.md)."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts up to `cap` rows; `is_capped` tells that there are more (shown as "plus de …")."""

    def __init__(
        self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        count_up_to = getattr(self.object_list, "count_up_to", None)  # actions.AgendaResults
        if count_up_to is not None:
            return int(count_up_to(self.cap))
        return self.object_list.order_by()[: self.cap + 1].count()  # type: ignore[attr-defined]

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap
