"""Mainland working days: holidays and weekends do not count, make-up working Saturdays do."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from marketplace.workdays import add_working_days, is_working_day

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2029, 12, 31))


def test_the_national_day_week_is_skipped_and_its_make_up_saturday_counts():
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert is_working_day(date(2026, 10, 10))  # a Saturday worked to make up for the holiday
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_twenty_working_days_from_mid_september_reach_past_the_holiday():
    assert add_working_days(date(2026, 9, 15), 20) == date(2026, 10, 19)


def test_a_year_without_a_schedule_counts_monday_to_friday():
    assert add_working_days(date(2029, 6, 1), 1) == date(2029, 6, 4)  # Friday to Monday
    assert not is_working_day(date(2029, 6, 2))


@given(DAYS, st.integers(min_value=1, max_value=60))
def test_the_answer_is_a_working_day_after_the_start_with_exactly_n_working_days_in_between(day, n):
    due = add_working_days(day, n)
    assert due > day and is_working_day(due)
    assert sum(is_working_day(day + timedelta(days=k)) for k in range(1, (due - day).days + 1)) == n


@given(DAYS, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_counting_in_two_steps_is_counting_once(day, first, second):
    assert add_working_days(add_working_days(day, first), second) == add_working_days(day, first + second)


@given(DAYS)
def test_no_working_days_is_the_same_day(day):
    assert add_working_days(day, 0) == day
