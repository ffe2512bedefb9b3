"""The period of a dashboard or a report: defaults, whole days, refusals. Pure."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.market.periods import DEFAULT_DAYS, MAX_DAYS, PeriodRefused, period_of

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(today=days)
def test_without_dates_the_period_is_the_last_thirty_days_up_to_today(today):
    chosen = period_of(None, None, today)

    assert chosen.end == today and len(chosen.days) == DEFAULT_DAYS


@given(start=days, end=days, today=days)
def test_an_accepted_period_has_every_day_once_in_order_within_the_limit(start, end, today):
    try:
        chosen = period_of(start, end, today)
    except PeriodRefused as refusal:
        assert start > end or (end - start).days + 1 > MAX_DAYS
        assert refusal.reason in ("reversed", "too_long")
        return
    assert chosen.days[0] == start and chosen.days[-1] == end
    assert all(later - earlier == timedelta(days=1) for earlier, later in zip(chosen.days, chosen.days[1:]))
    assert len(chosen.days) <= MAX_DAYS


def test_a_single_day_is_a_period():
    assert period_of(date(2026, 10, 1), date(2026, 10, 1), date(2026, 11, 1)).days == [date(2026, 10, 1)]


def test_a_reversed_period_is_refused():
    with pytest.raises(PeriodRefused) as refused:
        period_of(date(2026, 10, 2), date(2026, 10, 1), date(2026, 11, 1))
    assert refused.value.reason == "reversed"
