"""Search filters: a Shanghai period and an amount range become bounds that lose no edge row."""
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.transactions.filters import SHANGHAI, Search, minor_bounds, period_bounds, problems

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
amounts = st.decimals(min_value=0, max_value=10**9, places=4)


@settings(deadline=None)
@given(days, st.integers(0, 400))
def test_a_period_covers_exactly_its_shanghai_days(start, length):
    end = start + timedelta(days=length)
    since, until = period_bounds(start, end)
    assert since.astimezone(SHANGHAI).date() == start
    assert (until - since) == timedelta(days=length + 1)
    assert (until - timedelta(microseconds=1)).astimezone(SHANGHAI).date() == end


@settings(deadline=None)
@given(amounts, amounts)
def test_amount_bounds_in_minor_units_contain_the_amounts_asked(low, high):
    search = Search(min_amount=min(low, high), max_amount=max(low, high))
    minor_low, minor_high = minor_bounds(search)
    assert Decimal(minor_low) <= search.min_amount * 100
    assert Decimal(minor_high) >= search.max_amount * 100
    assert problems(search) == {}


@settings(deadline=None)
@given(days, days)
def test_a_period_ending_before_it_starts_is_refused(first, second):
    search = Search(start=max(first, second), end=min(first, second))
    assert ("end" in problems(search)) == (first != second)


def test_unknown_kinds_negative_and_crossed_amounts_are_refused():
    found = problems(Search(kind="coupon", min_amount=Decimal(-1), max_amount=Decimal(-2), currency="XXX"))
    assert set(found) == {"kind", "min_amount", "max_amount", "currency"}
    assert problems(Search(min_amount=Decimal(5), max_amount=Decimal(4))) == {"max_amount": ["amounts_reversed"]}
