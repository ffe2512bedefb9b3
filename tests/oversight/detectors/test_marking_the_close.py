"""Marking the close: one buyer lifting the last minutes alerts; the same close made by many does not."""
from marketplace.oversight.surveillance.detectors import marking_the_close

from tests.oversight.detectors.market import context, session, trade

CLOSE = 6 * 3600


def _day(closing_buyers):
    events = [trade(600 * n, f"t{n}", f"buyer_{n % 3}", f"seller_{n % 4}", 10) for n in range(30)]
    events += [trade(CLOSE - 300 + 60 * n, f"c{n}", buyer, "seller_x", 10, price=400_000 + 2_000 * (n + 1))
               for n, buyer in enumerate(closing_buyers)]
    return events


def test_one_buyer_lifting_the_price_in_the_last_five_minutes_raises_a_finding_with_share_move_and_limit():
    [finding] = marking_the_close.detect(_day(["marker"] * 4), context(sessions=[session()]), {})

    assert finding.subject == "marker"
    assert finding.sentence_en == ("marker made 100 % of the volume of RB2605 in the last 10 min of 2026-11-20 with "
                                   "4 aggressive buy trades and moved the close 2 %, limit 1 %")
    assert "收盘价较此前变动 2%，阈值 1%" in finding.sentence_zh


def test_the_same_rise_made_by_four_different_buyers_raises_nothing():
    assert marking_the_close.detect(_day(["b1", "b2", "b3", "b4"]), context(sessions=[session()]), {}) == []


def test_without_the_session_times_nothing_is_judged():
    assert marking_the_close.detect(_day(["marker"] * 4), context(), {}) == []
