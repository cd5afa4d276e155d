"""Properties of the 21-bit availability mask (entraide.core.week) and of matching by bitwise
AND, in Python and in the database (SQLite and PostgreSQL).

The reference here is a brute force over every minute of an interval, with the half-days
written out again from their definition: morning 06–12, afternoon 12–18, evening 18–24, and the
night (00–06) counted with the evening before."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F
from django.utils import timezone, translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from entraide.actions import services
from entraide.actions.agenda import AgendaSearch, search_agenda
from entraide.actions.models import Slot
from entraide.actions.recurrence import PARIS
from entraide.actions.tests.factories import make_action
from entraide.core.week import FULL_WEEK, bit, describe, mask_of_interval

MINUTE = timedelta(minutes=1)


def half_day_of(moment: datetime) -> tuple[int, int]:
    """(day, period) of a wall-clock minute, from the definition."""
    if moment.hour < 6:
        return (moment - timedelta(days=1)).weekday(), 2
    return moment.weekday(), 0 if moment.hour < 12 else 1 if moment.hour < 18 else 2


def brute_force_half_days(start: datetime, end: datetime) -> set[tuple[int, int]]:
    touched = set()
    moment = start
    while moment < end and len(touched) < 21:
        touched.add(half_day_of(moment))
        moment += MINUTE
    return touched


def mask_of(half_days: set[tuple[int, int]]) -> int:
    mask = 0
    for day, period in half_days:
        mask |= 1 << (day * 3 + period)
    return mask


# Minute-precise local wall-clock times over a few years, intervals up to eight days.
moments = st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
durations = st.one_of(
    st.integers(1, 24 * 60).map(lambda m: m * MINUTE),
    st.integers(1, 8 * 24 * 60).map(lambda m: m * MINUTE),
)
intervals = st.builds(lambda start, length: (start, start + length), moments, durations)
masks = st.integers(0, FULL_WEEK)


def test_each_half_day_has_its_own_bit_within_21_bits():
    bits = [bit(day, period) for day in range(7) for period in range(3)]

    assert sorted(bits) == [1 << n for n in range(21)]
    assert sum(bits) == FULL_WEEK == (1 << 21) - 1


@pytest.mark.parametrize(("day", "period"), [(-1, 0), (7, 0), (0, -1), (0, 3)])
def test_a_half_day_outside_the_week_has_no_bit(day, period):
    with pytest.raises(ValueError, match="half-day"):
        bit(day, period)


@given(intervals)
def test_the_mask_of_an_interval_fits_in_21_bits_and_is_never_empty(interval):
    mask = mask_of_interval(*interval)

    assert 0 < mask <= FULL_WEEK


@given(
    st.dates(datetime(2025, 1, 1).date(), datetime(2028, 12, 31).date()),
    st.integers(0, 2),
    st.data(),
)
def test_an_interval_inside_one_half_day_sets_exactly_its_bit(day, period, data):
    # The evening runs from 18:00 to 06:00 the next morning.
    opening = datetime.combine(day, datetime.min.time()) + timedelta(hours=(6, 12, 18)[period])
    length_minutes = (6, 6, 12)[period] * 60
    first = data.draw(st.integers(0, length_minutes - 1))
    last = data.draw(st.integers(first + 1, length_minutes))

    mask = mask_of_interval(opening + first * MINUTE, opening + last * MINUTE)

    assert mask == bit(day.weekday(), period)


@given(intervals, st.data())
def test_the_mask_of_an_interval_is_the_union_of_the_masks_of_its_parts(interval, data):
    start, end = interval
    minutes = int((end - start) / MINUTE)
    if minutes < 2:
        return
    cut = start + data.draw(st.integers(1, minutes - 1)) * MINUTE

    assert mask_of_interval(start, end) == mask_of_interval(start, cut) | mask_of_interval(cut, end)


@given(intervals)
def test_the_mask_of_an_interval_is_the_half_days_of_its_minutes(interval):
    assert mask_of_interval(*interval) == mask_of(brute_force_half_days(*interval))


# Instants (UTC), with the nights of the clock changes drawn often.
CHANGE_NIGHTS = [
    datetime(year, month, 1, tzinfo=UTC) for year in range(2025, 2029) for month in (3, 10)
]
instants = st.one_of(
    st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31), timezones=st.just(UTC)),
    st.builds(
        lambda month_start, day, minute: month_start + timedelta(days=day, minutes=minute),
        st.sampled_from(CHANGE_NIGHTS),
        st.integers(24, 30),
        st.integers(-6 * 60, 6 * 60),
    ),
).map(lambda d: d.replace(second=0, microsecond=0))


@given(instants, durations)
@example(datetime(2025, 10, 26, 0, 45, tzinfo=UTC), 30 * MINUTE)  # 02:45 summer → 02:15 winter
@example(datetime(2026, 10, 25, 0, 0, tzinfo=UTC), 241 * MINUTE)  # 02:00 summer → 05:01 winter
def test_the_mask_of_a_slot_is_the_half_days_its_minutes_fall_in_locally(start, length):
    # As the services compute it: from the slot's instants, read in local time.
    mask = mask_of_interval(start.astimezone(PARIS), (start + length).astimezone(PARIS))

    touched = set()
    for minute in range(min(int(length / MINUTE), 8 * 24 * 60)):
        local = (start + minute * MINUTE).astimezone(PARIS).replace(tzinfo=None)
        touched.add(half_day_of(local))
    assert mask == mask_of(touched)


@given(intervals, masks)
def test_matching_by_bitwise_and_agrees_with_checking_every_half_day(interval, availability):
    free = {
        (day, period) for day in range(7) for period in range(3) if availability & bit(day, period)
    }

    matches = bool(mask_of_interval(*interval) & availability)

    assert matches == bool(brute_force_half_days(*interval) & free)


DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
PERIODS = ("matin", "après-midi", "soir")


@given(masks)
def test_describe_names_one_half_day_per_bit_in_week_order(mask):
    with translation.override("fr"):
        names = describe(mask)

    assert names == [
        f"{DAYS[day]} {PERIODS[period]}"
        for day in range(7)
        for period in range(3)
        if mask >> (day * 3 + period) & 1
    ]


def test_describe_says_tuesday_evening_in_french():
    with translation.override("fr"):
        assert describe(bit(1, 2) | bit(5, 0)) == ["mardi soir", "samedi matin"]


@pytest.fixture
def slots_across_the_week(association_admin, organisation):
    """Slots over the next fortnight at assorted hours and lengths, up to a week-long one."""
    action = make_action(association_admin, organisation, slots=0, publish=False)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    lengths = [1, 3, 5, 7, 13, 30, 2, 4]
    for n in range(24):
        starts_at = midnight + timedelta(days=1 + n // 2, hours=(n * 7) % 24)
        services.add_slot(association_admin, action, starts_at=starts_at,
                          ends_at=starts_at + timedelta(hours=lengths[n % len(lengths)]), capacity=None)  # fmt: skip
    week_long = midnight + timedelta(days=2, hours=9)
    services.add_slot(association_admin, action, starts_at=week_long,
                      ends_at=week_long + timedelta(days=8), capacity=None)  # fmt: skip
    services.publish_action(association_admin, action)
    return list(Slot.objects.filter(action=action))


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(masks)
def test_the_database_bitwise_and_finds_the_same_slots_as_python(slots_across_the_week, mask):
    # The slots are only read: every example sees the same rows.
    expected = {slot.pk for slot in slots_across_the_week if slot.week_mask & mask}
    by_expression = (
        Slot.objects.alias(match=F("week_mask").bitand(mask))
        .filter(match__gt=0)
        .values_list("pk", flat=True)
    )

    assert set(by_expression) == expected
    if mask:  # no mask means no filter in the agenda
        found = search_agenda(
            AgendaSearch(
                week_mask=mask, organisation_id=slots_across_the_week[0].action.organisation_id
            )
        )
        assert {slot.pk for slot in found} == expected


@pytest.mark.django_db
def test_slots_store_the_mask_of_their_local_times(slots_across_the_week):
    for slot in slots_across_the_week:
        local = timezone.localtime
        assert slot.week_mask == mask_of(
            brute_force_half_days(
                local(slot.starts_at).replace(tzinfo=None), local(slot.ends_at).replace(tzinfo=None)
            )
        )
