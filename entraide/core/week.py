"""The week as 21 bits: 7 days × morning, afternoon, evening.

Bit index = day * 3 + period, Monday = day 0, morning = period 0. A volunteer's availability and
a slot's time are both such masks, so "free on Tuesday evenings" is one bitwise AND on an indexed
integer, the same on SQLite and PostgreSQL (docs/decisions/0009-week-mask.md).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from enum import IntEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FULL_WEEK = (1 << 21) - 1


class Period(IntEnum):
    MORNING = 0  # 06:00–12:00
    AFTERNOON = 1  # 12:00–18:00
    EVENING = 2  # 18:00–24:00


DAY_NAMES = [
    _("lundi"),
    _("mardi"),
    _("mercredi"),
    _("jeudi"),
    _("vendredi"),
    _("samedi"),
    _("dimanche"),
]
PERIOD_NAMES = [_("matin"), _("après-midi"), _("soir")]
PERIOD_BOUNDS = [(time(6), time(12)), (time(12), time(18)), (time(18), time.max)]


def bit(day: int, period: int) -> int:
    if not (0 <= day < 7 and 0 <= period < 3):
        raise ValueError(f"No such half-day: day {day}, period {period}")
    return 1 << (day * 3 + period)


def period_of(moment: time) -> int | None:
    """The period a local time of day falls in; the night (00:00–06:00) belongs to none."""
    if moment < time(6):
        return None
    if moment < time(12):
        return Period.MORNING
    if moment < time(18):
        return Period.AFTERNOON
    return Period.EVENING


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def mask_of_interval(start: datetime, end: datetime) -> int:
    """The half-days a local interval touches. An interval within the night touches the evening
    before it; an interval of a week or more touches every half-day."""
    # Python compares and subtracts datetimes of one zone by wall clock: use instants.
    duration = _instant(end) - _instant(start)
    if duration <= timedelta(0):
        raise ValueError("An interval ends after it starts")
    if duration >= timedelta(days=7):
        return FULL_WEEK
    # Walk the wall clock. In the autumn's repeated hour the wall-clock end can fall before the
    # start (02:45 summer time → 02:15 winter time): the walk then lasts the real duration.
    # Only then: an interval across the change ends earlier on the wall than start + duration
    # (02:00 summer time + 4 h is 05:00 winter time, still night, not 06:00, morning).
    cursor = start.replace(tzinfo=None)
    end = end.replace(tzinfo=None)
    if end <= cursor:
        end = cursor + duration
    mask = 0
    while cursor < end:
        period = period_of(cursor.time())
        if period is None:
            previous_day = cursor - timedelta(days=1)
            mask |= bit(previous_day.weekday(), Period.EVENING)
            next_boundary = datetime.combine(cursor.date(), time(6))
        else:
            mask |= bit(cursor.weekday(), period)
            bound = PERIOD_BOUNDS[period][1]
            next_boundary = (
                datetime.combine(cursor.date() + timedelta(days=1), time(0))
                if period == Period.EVENING
                else datetime.combine(cursor.date(), bound)
            )
        cursor = next_boundary
    return mask


def describe(mask: int) -> list[str]:
    """ "mardi soir", "samedi matin"… for the half-days of a mask."""
    return [
        f"{DAY_NAMES[day]} {PERIOD_NAMES[period]}"
        for day in range(7)
        for period in range(3)
        if mask & bit(day, period)
    ]


def mask_of_half_days(values: Iterable[str]) -> int:
    """The mask of half-days written "day-period" ("1-2" is Tuesday evening), as forms and the
    API receive them. Raises ValueError for anything else."""
    mask = 0
    for value in values:
        day, period = (int(part) for part in str(value).split("-"))
        mask |= bit(day, period)
    return mask


def local_midnight(day: date) -> datetime:
    """The start of a calendar day in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
