"""The payment index: 30 days early → 100, on time → 80, 30 days late → 50, weighted by amount."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.scoring.facts import Payment
from credit.scoring.paydex import index_for_days, payment_index

TODAY = date(2026, 6, 1)


def _paid(days_late, amount=100_00):
    due = date(2026, 3, 1)
    return Payment(amount, due, due + timedelta(days=days_late))


@pytest.mark.parametrize(("days_late", "index"), [(0, 80), (-30, 100), (30, 50), (-15, 90), (15, 65)])
def test_the_anchors_and_the_line_between_them(days_late, index):
    assert payment_index((_paid(days_late),), TODAY) == index


def test_beyond_the_anchors_early_stays_100_and_late_reaches_0_at_80_days():
    assert index_for_days(-90) == 100
    assert index_for_days(60) == 20
    assert index_for_days(80) == 0
    assert index_for_days(200) == 0


def test_days_are_weighted_by_amount():
    payments = (_paid(0, amount=300_00), _paid(40, amount=100_00))  # 10 days late on average

    assert payment_index(payments, TODAY) == 70


def test_no_payments_no_index():
    assert payment_index((), TODAY) is None
    assert payment_index((Payment(100, TODAY + timedelta(days=5)),), TODAY) is None


def test_an_unpaid_payment_is_late_by_the_days_it_is_overdue():
    assert payment_index((Payment(100, TODAY - timedelta(days=30)),), TODAY) == 50


@given(st.floats(-1000, 1000), st.floats(-1000, 1000))
def test_the_index_never_rises_with_lateness_and_stays_in_range(a, b):
    earlier, later = sorted((a, b))

    assert 0 <= index_for_days(later) <= index_for_days(earlier) <= 100
