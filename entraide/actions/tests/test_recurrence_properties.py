"""Properties of the weekly recurrence in Europe/Paris, over 2025–2028 and across the
daylight-saving changes (last Sunday of March: 02:00 → 03:00; last Sunday of October:
03:00 → 02:00).

The expectations are computed independently of the code under test: the spring gap and the
autumn overlap are found from the calendar rule, not from zoneinfo round trips."""

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from entraide.actions.recurrence import PARIS, WeeklyRule, expand_weekly, local_datetime

FIRST_YEAR, LAST_YEAR = 2025, 2028


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


# A rule drawn late in the last year runs up to 120 days into the next: its changes count too
# (hypothesis once found 25 March 2029, whose 02:00 end reads as 03:00).
SPRING_FORWARD = [last_sunday(year, 3) for year in range(FIRST_YEAR, LAST_YEAR + 2)]
FALL_BACK = [last_sunday(year, 10) for year in range(FIRST_YEAR, LAST_YEAR + 2)]


def in_spring_gap(day: date, moment: time) -> bool:
    return day in SPRING_FORWARD and time(2) <= moment < time(3)


def in_autumn_overlap(day: date, moment: time) -> bool:
    return day in FALL_BACK and time(2) <= moment < time(3)


def expected_wall_time(day: date, moment: time) -> datetime:
    """The local wall-clock time a slot should show: the rule's, an hour later in the gap."""
    wall = datetime.combine(day, moment)
    return wall + timedelta(hours=1) if in_spring_gap(day, moment) else wall


# Any day of the four years, with the weeks around each change drawn often.
change_days = st.sampled_from(SPRING_FORWARD + FALL_BACK)
days = st.one_of(
    st.dates(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)),
    st.builds(lambda d, shift: d + timedelta(days=shift), change_days, st.integers(-8, 1)),
)
# Minutes of the day, with the hours around the changes drawn often.
times = st.one_of(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
    st.builds(time, st.integers(1, 3), st.integers(0, 59)),
)
weekday_sets = st.frozensets(st.integers(0, 6), min_size=1)


@st.composite
def rules(draw: st.DrawFn) -> WeeklyRule:
    first_day = draw(days)
    start = draw(times)
    end = draw(times.filter(lambda t: t != start))
    return WeeklyRule(
        first_day=first_day,
        until=first_day + timedelta(days=draw(st.integers(0, 120))),
        weekdays=draw(weekday_sets),
        start=start,
        end=end,
    )


def matching_days(rule: WeeklyRule) -> list[date]:
    span = (rule.until - rule.first_day).days + 1
    every_day = (rule.first_day + timedelta(days=n) for n in range(span))
    return [day for day in every_day if day.weekday() in rule.weekdays]


@given(days, times)
@example(date(2025, 3, 30), time(2, 30))  # does not exist: 03:30 summer time
@example(date(2025, 10, 26), time(2, 30))  # exists twice: the first, summer time
def test_local_datetime_keeps_the_wall_clock_time_except_in_the_spring_gap(day, moment):
    result = local_datetime(day, moment)

    local = result.astimezone(PARIS)
    assert local.replace(tzinfo=None) == expected_wall_time(day, moment)
    if in_autumn_overlap(day, moment):
        assert local.utcoffset() == timedelta(hours=2)


@given(rules())
def test_weekly_occurrences_fall_on_the_requested_days_at_the_rules_time(rule):
    occurrences = expand_weekly(rule)

    expected_days = matching_days(rule)
    assert len(occurrences) == len(expected_days)
    for (starts_at, _), day in zip(occurrences, expected_days, strict=True):
        local_start = starts_at.astimezone(PARIS)
        assert local_start.replace(tzinfo=None) == expected_wall_time(day, rule.start)
        assert local_start.weekday() in rule.weekdays
        assert rule.first_day <= local_start.date() <= rule.until


@given(rules())
def test_weekly_occurrences_are_strictly_increasing(rule):
    starts = [starts_at.astimezone(UTC) for starts_at, _ in expand_weekly(rule)]

    assert starts == sorted(set(starts))


@given(rules())
@example(  # 02:30 does not exist on 30 March 2025; it reads as 03:30, after the 03:00 end
    WeeklyRule(date(2025, 3, 30), date(2025, 3, 30), frozenset({6}), time(2, 30), time(3, 0))
)
def test_every_weekly_occurrence_ends_after_it_starts(rule):
    for starts_at, ends_at in expand_weekly(rule):
        assert ends_at.astimezone(UTC) > starts_at.astimezone(UTC)


@given(rules())
@example(  # until the spring change of the year after the drawn ones
    WeeklyRule(date(2028, 11, 26), date(2029, 3, 25), frozenset({0, 6}), time(0, 0), time(2, 0))
)
def test_an_occurrence_ends_at_the_rules_end_time_the_same_day_or_the_next(rule):
    for (_, ends_at), day in zip(expand_weekly(rule), matching_days(rule), strict=True):
        end_day = day if rule.end > rule.start else day + timedelta(days=1)
        expected_end = expected_wall_time(end_day, rule.end)
        if expected_end <= expected_wall_time(day, rule.start):
            continue  # a start pushed past the end by the spring gap: see the test above
        assert ends_at.astimezone(PARIS).replace(tzinfo=None) == expected_end


def test_a_sunday_evening_rule_keeps_18h_local_across_the_autumn_change():
    rule = WeeklyRule(
        first_day=date(2025, 10, 19),
        until=date(2025, 11, 2),
        weekdays=frozenset({6}),
        start=time(18),
        end=time(20),
    )

    occurrences = expand_weekly(rule)

    local_starts = [starts_at.astimezone(PARIS) for starts_at, _ in occurrences]
    assert [s.strftime("%Y-%m-%d %H:%M %z") for s in local_starts] == [
        "2025-10-19 18:00 +0200",
        "2025-10-26 18:00 +0100",  # the last Sunday of October, already winter time
        "2025-11-02 18:00 +0100",
    ]
    assert [s.astimezone(UTC).hour for s in local_starts] == [16, 17, 17]
