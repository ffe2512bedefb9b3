"""Abnormal volume: one enterprise's sudden huge day alerts; a steady instrument or a broad busy day does not."""
from marketplace.oversight.surveillance.detectors import abnormal_volume

from tests.oversight.detectors.market import context, trade

DAY = 86_400


def _history(days=6):
    return [trade(DAY * d + 60 * n, f"h{d}-{n}", f"b{n}", f"s{n}", 10) for d in range(days) for n in range(3)]


def test_a_day_at_ten_times_the_usual_volume_made_by_one_buyer_raises_a_finding():
    spike = [trade(6 * DAY + 60 * n, f"x{n}", "whale", f"s{n}", 60) for n in range(5)]

    [finding] = abnormal_volume.detect(_history() + spike, context(), {})

    assert finding.subject == "whale"
    assert finding.sentence_en == ("RB2605 traded 300 t on 2026-11-26, 10 × its mean of 30 t over the previous 6 "
                                   "trading days (limit 5 ×); whale made 100 % of it")
    assert "的 10 倍（阈值 5 倍）" in finding.sentence_zh


def test_a_busy_day_spread_over_many_enterprises_names_nobody():
    spike = [trade(6 * DAY + 60 * n, f"x{n}", f"buyer_{n}", f"seller_{n}", 30) for n in range(10)]

    assert abnormal_volume.detect(_history() + spike, context(), {}) == []


def test_an_ordinary_day_or_too_little_history_raises_nothing():
    assert abnormal_volume.detect(_history(8), context(), {}) == []
    spike = [trade(2 * DAY + 60 * n, f"x{n}", "whale", "s", 60) for n in range(5)]
    assert abnormal_volume.detect(_history(2) + spike, context(), {}) == []
