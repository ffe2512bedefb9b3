"""Related groups trading mostly with each other alert; the same trades among many counterparts do not."""
from marketplace.oversight.surveillance.detectors import related_matching

from tests.oversight.detectors.market import context, trade

RELATED = context({"ent_a": "grp_a", "ent_b": "grp_b"}, related={"grp_a": {"grp_b"}, "grp_b": {"grp_a"}})


def test_related_enterprises_matching_each_other_all_day_raise_a_finding_with_share_and_limit():
    events = [trade(60 * n, f"t{n}", "ent_a", "ent_b", 10) for n in range(4)]

    [finding] = related_matching.detect(events, RELATED, {})

    assert finding.subjects == ("ent_a", "ent_b")
    assert "traded 4 times, 40 t" in finding.sentence_en and "100 % of their day's volume, limit 50 %" in finding.sentence_en
    assert "占其当日成交量 100%，阈值 50%" in finding.sentence_zh


def test_the_same_related_trades_among_a_busy_day_with_strangers_raise_nothing():
    events = [trade(60 * n, f"t{n}", "ent_a", "ent_b", 10) for n in range(4)]
    events += [trade(30 + 60 * n, f"s{n}", "ent_a" if n % 2 else "ent_b", f"stranger_{n}", 20) for n in range(8)]

    assert related_matching.detect(events, RELATED, {}) == []


def test_unrelated_enterprises_trading_only_with_each_other_raise_nothing():
    events = [trade(60 * n, f"t{n}", "ent_a", "ent_b", 10) for n in range(4)]

    assert related_matching.detect(events, context(), {}) == []
