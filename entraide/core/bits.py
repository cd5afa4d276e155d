"""Fixed taxonomies stored as bit masks: "any of these" is one bitwise AND on an integer column,
the same on SQLite and PostgreSQL (docs/decisions/0003)."""

from typing import Self

from django.db import models


class BitChoices(models.IntegerChoices):
    """Integer choices whose values are bit positions (0, 1, 2…)."""

    @classmethod
    def mask_of(cls, members: "list[int] | list[BitChoices]") -> int:
        mask = 0
        for member in members:
            mask |= 1 << int(member)
        return mask

    @classmethod
    def from_mask(cls, mask: int) -> list[Self]:
        return [member for member in cls if mask & (1 << member.value)]
