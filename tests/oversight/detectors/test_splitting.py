"""Splitting: payments cut just under the threshold alert; the same number of ordinary payments do not."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import splitting

from tests.oversight.detectors.market import context, order, payment


def test_four_payments_just_under_fifty_thousand_within_hours_raise_a_finding():
    events = [payment(3600 * n, f"d{n}", "payer", "payee", 4_950_000 - 10_000 * n) for n in range(4)]

    [finding] = splitting.detect(events, context(), {})

    assert finding.subjects == ("payee", "payer")
    assert finding.sentence_en == ("4 payments from payer to payee within 3 h, each 49,200.00 CNY – 49,500.00 CNY, "
                                   "just under the threshold 50,000.00 CNY, together 197,400.00 CNY; limit 3 pieces")
    assert "均略低于阈值 50,000.00 CNY" in finding.sentence_zh


def test_orders_each_just_under_the_threshold_count_too():
    events = [order(60 * n, f"o{n}", "trader", "new", "buy", 12, price=400_000) for n in range(3)]

    [finding] = splitting.detect(events, context(), {})

    assert finding.measures["kind"] == "order" and finding.measures["pieces"] == 3


def test_ordinary_payments_well_under_or_over_the_threshold_raise_nothing():
    events = [payment(3600 * n, f"d{n}", "payer", "payee", amount)
              for n, amount in enumerate([1_200_000, 2_000_000, 6_000_000, 3_100_000])]

    assert splitting.detect(events, context(), {}) == []


def test_pieces_spread_over_days_are_not_one_run():
    events = [payment(2 * 86_400 * n, f"d{n}", "payer", "payee", 4_900_000) for n in range(4)]

    assert splitting.detect(events, context(), {}) == []


@given(st.lists(st.integers(100, 4_499_999), max_size=20))
def test_payments_below_the_band_never_raise_anything(amounts):
    events = [payment(60 * n, f"d{n}", "payer", "payee", amount) for n, amount in enumerate(amounts)]

    assert splitting.detect(events, context(), {}) == []
