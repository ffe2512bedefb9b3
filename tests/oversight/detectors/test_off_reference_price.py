"""Prices far from the reference alert; the same trades near the reference do not."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import off_reference_price

from tests.oversight.detectors.market import context, deal, trade

REFERENCE = context(reference_prices={("RB2605", date(2026, 11, 20)): 400_000, ("HRC", date(2026, 11, 20)): 400_000})


def test_a_trade_twenty_percent_above_the_reference_raises_a_finding_with_both_prices_and_the_limit():
    [finding] = off_reference_price.detect([trade(10, "t1", "buyer", "seller", 40, price=480_000)], REFERENCE, {})

    assert finding.subject == "buyer"
    assert finding.sentence_en == ("1 deal(s) of 40 t of RB2605 from seller to buyer on 2026-11-20 at up to "
                                   "4,800.00 CNY/t, 20 % from the reference 4,000.00 CNY/t, limit 10 %")
    assert "偏离参考价（4,000.00 CNY/t）20%" in finding.sentence_zh


def test_a_listing_deal_far_below_the_reference_counts_by_its_unit_price():
    [finding] = off_reference_price.detect([deal(10, "o1", "buyer", "seller", 10, 2_000_000)], REFERENCE, {})

    assert finding.subject == "seller" and finding.measures["deviation_percent"] == "-50"


def test_trades_near_the_reference_or_without_one_raise_nothing():
    events = [trade(10, "t1", "buyer", "seller", 40, price=420_000), trade(10, "t2", "b", "s", 4, instrument="X")]

    assert off_reference_price.detect(events, REFERENCE, {}) == []


@given(st.integers(1, 2_000_000), st.integers(1, 100))
def test_a_finding_appears_exactly_when_the_deviation_reaches_the_limit(price, limit):
    findings = off_reference_price.detect([trade(10, "t1", "b", "s", 1, price=price)], REFERENCE,
                                          {"max_deviation_percent": limit})

    assert bool(findings) == (abs(price - 400_000) * 100 >= limit * 400_000)
