"""Properties of the pure slot calendar: whatever the hours, closures and moment, what it offers is bookable."""
from datetime import date, datetime, timedelta, timezone

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.bookings import calendar
from marketplace.bookings.calendar import Closed, Hours, Refusal, SlotRefused, SlotState

FIRST_DAY = date(2025, 12, 15)  # periods run into 2027, a year the holiday data may not know yet


@st.composite
def weekly_hours(draw):
    """Up to two non-overlapping intervals per weekday, on any minute of the day."""
    hours = []
    for weekday in range(7):
        cuts = sorted(draw(st.sets(st.integers(0, calendar.MINUTES_PER_DAY), max_size=4)))
        for opens, closes in zip(cuts[::2], cuts[1::2]):
            hours.append(Hours(weekday, opens, closes))
    return hours


periods = st.tuples(st.integers(0, 420), st.integers(0, 20)).map(
    lambda p: (FIRST_DAY + timedelta(days=p[0]), FIRST_DAY + timedelta(days=p[0] + p[1])))
slot_lengths = st.sampled_from([15, 30, 45, 60, 90, 120, 240])
closure_sets = st.sets(st.integers(0, 440).map(lambda n: FIRST_DAY + timedelta(days=n)), max_size=8)
moments = st.integers(-5 * 24 * 60, 450 * 24 * 60).map(
    lambda minutes: datetime(2025, 12, 15, tzinfo=timezone.utc) + timedelta(minutes=minutes))


def _minute(moment):
    local = moment.astimezone(calendar.SHANGHAI)
    return local.hour * 60 + local.minute


@settings(max_examples=200, deadline=None)
@given(weekly_hours(), periods, slot_lengths, closure_sets, moments)
def test_offered_slots_never_overlap_stay_in_hours_and_skip_closed_days(hours, period, minutes, closures, now):
    days = calendar.days_of(*period, hours, closures, minutes, now, taken=set())
    slots = [slot for day in days for slot in day.slots]

    for earlier, later in zip(slots, slots[1:]):
        assert earlier.ends_at <= later.starts_at
    for day in days:
        assert (day.closed is None) == bool(day.slots)
        if day.day in closures:
            assert day.closed is Closed.CLOSURE
        if day.slots:
            known = calendar.knows_holidays_of(day.day.year)
            assert chinese_calendar.is_workday(day.day) if known else day.day.weekday() < 5
        for slot in day.slots:
            local = slot.starts_at.astimezone(calendar.SHANGHAI)
            assert local.date() == day.day
            assert slot.ends_at - slot.starts_at == timedelta(minutes=minutes)
            assert any(h.weekday == day.day.weekday() and h.opens_minute <= _minute(slot.starts_at)
                       and _minute(slot.starts_at) + minutes <= h.closes_minute for h in hours)
            assert (slot.state is SlotState.PAST) == (slot.starts_at <= now)


@settings(max_examples=200, deadline=None)
@given(weekly_hours(), periods, slot_lengths, closure_sets, moments, st.integers(1, 3))
def test_every_free_slot_can_be_requested_and_nothing_else(hours, period, minutes, closures, now, count):
    days = calendar.days_of(*period, hours, closures, minutes, now, taken=set())
    for day in days:
        for index, slot in enumerate(day.slots):
            run = day.slots[index:index + count]
            consecutive = len(run) == count and all(a.ends_at == b.starts_at for a, b in zip(run, run[1:]))
            try:
                bounds = calendar.requested_slots(slot.starts_at, count, hours, closures, minutes, now)
            except SlotRefused as refused:
                assert slot.state is SlotState.PAST or not consecutive, refused.refusal
            else:
                assert slot.state is SlotState.FREE and consecutive
                assert bounds == [(s.starts_at, s.ends_at) for s in run]
                assert bounds[0][0] > now


@given(moments, st.integers(-3000, 3000))
def test_a_start_in_the_past_is_always_refused(now, minutes_before):
    hours = [Hours(weekday, 0, calendar.MINUTES_PER_DAY) for weekday in range(7)]
    starts_at = now - timedelta(minutes=abs(minutes_before))
    try:
        calendar.requested_slots(starts_at, 1, hours, set(), 60, now)
    except SlotRefused as refused:
        assert refused.refusal is Refusal.PAST
    else:
        raise AssertionError("a past start was accepted")


def test_holidays_and_make_up_working_days_follow_the_state_council_schedule():
    assert calendar.closed_reason(date(2026, 10, 1), set()) is Closed.HOLIDAY  # National Day
    assert calendar.closed_reason(date(2026, 2, 17), set()) is Closed.HOLIDAY  # Spring Festival
    assert calendar.closed_reason(date(2026, 11, 28), set()) is Closed.NON_WORKING_DAY  # a plain Saturday
    assert calendar.closed_reason(date(2026, 11, 25), set()) is None
    make_up = next(day for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(365))
                   if day.weekday() >= 5 and calendar.closed_reason(day, set()) is None)
    saturday_hours = [Hours(make_up.weekday(), 9 * 60, 12 * 60)]
    assert len(calendar.slot_bounds(make_up, saturday_hours, 60)) == 3


def test_years_without_data_close_weekends_only():
    assert calendar.unknown_holiday_years(date(2026, 12, 28), date(2027, 1, 3)) == [2027]
    assert calendar.closed_reason(date(2027, 1, 1), set()) is None  # New Year unknown: a Friday counts as open
    assert calendar.closed_reason(date(2027, 1, 2), set()) is Closed.NON_WORKING_DAY


def test_requests_name_what_is_wrong():
    hours = [Hours(0, 9 * 60, 12 * 60)]
    monday, now = date(2026, 12, 7), datetime(2026, 12, 1, tzinfo=timezone.utc)

    def refusal(hour, minute=0, count=1):
        starts = datetime(2026, 12, 7, hour, minute, tzinfo=calendar.SHANGHAI).astimezone(timezone.utc)
        try:
            calendar.requested_slots(starts, count, hours, set(), 60, now)
        except SlotRefused as refused:
            return refused.refusal
        return None

    assert refusal(9) is None and refusal(9, count=3) is None
    assert refusal(9, 30) is Refusal.NOT_ALIGNED
    assert refusal(13) is Refusal.OUTSIDE_HOURS
    assert refusal(11, count=2) is Refusal.OUTSIDE_HOURS
    assert refusal(9, count=calendar.MOST_SLOTS_PER_BOOKING + 1) is Refusal.TOO_MANY
    assert monday.weekday() == 0


def test_the_buyer_cancels_free_until_24_hours_before():
    starts = datetime(2026, 12, 7, 1, tzinfo=timezone.utc)
    assert calendar.buyer_may_cancel(starts, starts - timedelta(hours=24))
    assert not calendar.buyer_may_cancel(starts, starts - timedelta(hours=23, minutes=59))


def test_the_week_table_lines_up_slots_of_different_days():
    hours = [Hours(0, 9 * 60, 11 * 60), Hours(1, 10 * 60, 12 * 60)]
    now = datetime(2026, 12, 1, tzinfo=timezone.utc)
    days = calendar.days_of(date(2026, 12, 7), date(2026, 12, 8), hours, set(), 60, now, taken=set())
    rows = calendar.week_rows(days)
    assert [minute for minute, _ in rows] == [540, 600, 660]
    assert [[slot is not None for slot in slots] for _, slots in rows] == [[True, False], [True, True],
                                                                           [False, True]]
