"""Weekly recurrence: "every Tuesday 18:00–20:00 until 30 June" → the slots' start and end.

Times are wall-clock times in the territory's zone (Europe/Paris): a slot at 18:00 stays at
18:00 local across the daylight-saving change, so its UTC instant moves by an hour."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MAX_OCCURRENCES = 200


class RecurrenceError(ValueError):
    pass


@dataclass(frozen=True)
class WeeklyRule:
    first_day: date
    until: date
    weekdays: frozenset[int]  # Monday = 0
    start: time
    end: time  # on the next day when not after `start` (an evening running past midnight)


def local_datetime(day: date, moment: time, zone: ZoneInfo = PARIS) -> datetime:
    """An aware datetime for a wall-clock time. In the spring gap (02:30 does not exist) it moves
    forward; in the autumn overlap it takes the first (summer-time) occurrence."""
    naive = datetime.combine(day, moment)
    aware = naive.replace(tzinfo=zone, fold=0)
    # A time inside the spring gap round-trips to another wall time: move it forward.
    round_trip = aware.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        return round_trip  # 02:30 on the spring-forward night reads as 03:30 summer time
    return aware


def expand_weekly(rule: WeeklyRule, zone: ZoneInfo = PARIS) -> list[tuple[datetime, datetime]]:
    """Every occurrence of the rule, in order. Refuses empty or oversized rules."""
    if not rule.weekdays or not all(0 <= day <= 6 for day in rule.weekdays):
        raise RecurrenceError("Choose at least one day of the week")
    if rule.until < rule.first_day:
        raise RecurrenceError("The recurrence ends before it starts")
    if rule.start == rule.end:
        raise RecurrenceError("A slot lasts some time")
    occurrences: list[tuple[datetime, datetime]] = []
    day = rule.first_day
    while day <= rule.until:
        if day.weekday() in rule.weekdays:
            starts_at = local_datetime(day, rule.start, zone)
            end_day = day if rule.end > rule.start else day + timedelta(days=1)
            ends_at = local_datetime(end_day, rule.end, zone)
            if ends_at.astimezone(UTC) <= starts_at.astimezone(UTC):
                # A start moved forward out of the spring gap: keep the wall-clock length.
                length = datetime.combine(end_day, rule.end) - datetime.combine(day, rule.start)
                ends_at = (starts_at.astimezone(UTC) + length).astimezone(zone)
            occurrences.append((starts_at, ends_at))
            if len(occurrences) > MAX_OCCURRENCES:
                raise RecurrenceError(f"More than {MAX_OCCURRENCES} slots")
        day += timedelta(days=1)
    return occurrences
