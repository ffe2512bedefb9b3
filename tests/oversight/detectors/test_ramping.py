"""Ramping: one enterprise lifting the price with a burst of buys alerts; the same rise spread over many does not."""
from marketplace.oversight.surveillance.detectors import ramping

from tests.oversight.detectors.market import context, trade


def _morning(rampers):
    events = [trade(60 * n, f"q{n}", f"buyer_{n % 3}", f"seller_{n % 2}", 10) for n in range(10)]
    events += [trade(900 + 30 * n, f"r{n}", ramper, f"seller_{n % 2}", 10, price=400_000 + 4_000 * (n + 1))
               for n, ramper in enumerate(rampers)]
    return events


def test_five_buys_in_two_minutes_lifting_the_price_five_percent_raise_a_finding():
    [finding] = ramping.detect(_morning(["ramper"] * 5), context(), {})

    assert finding.subject == "ramper" and finding.measures["trades"] == 5
    assert "made 5 aggressive buy trades in RB2605 within about 2 min" in finding.sentence_en
    assert "moving the price 5 %, limit 2 %" in finding.sentence_en and "价格变动 5%，阈值 2%" in finding.sentence_zh


def test_the_same_rise_made_by_five_buyers_raises_nothing():
    assert ramping.detect(_morning([f"b{n}" for n in range(5)]), context(), {}) == []


def test_a_flat_market_raises_nothing():
    assert ramping.detect(_morning([]), context(), {}) == []
