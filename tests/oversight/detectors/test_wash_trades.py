"""Wash trades: trades inside one control group alert; the same trades between strangers do not."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import wash_trades

from tests.oversight.detectors.market import context, deal, trade

SHARED_REPRESENTATIVE = {"ent_a": "grp_1", "ent_b": "grp_1"}


def test_two_enterprises_of_one_group_trading_with_each_other_raise_one_finding_with_the_numbers():
    events = [trade(10, "t1", "ent_a", "ent_b", 40), trade(70, "t2", "ent_b", "ent_a", 40)]

    [finding] = wash_trades.detect(events, context(SHARED_REPRESENTATIVE), {})

    assert finding.subjects == ("ent_a", "ent_b")
    assert "2 trades of 80 t in RB2605" in finding.sentence_en and "limit 1 trade" in finding.sentence_en
    assert "成交 2 笔、合计 80 t" in finding.sentence_zh
    assert [row["trade"] for row in finding.rows] == ["t1", "t2"]


def test_the_same_trades_between_enterprises_of_different_groups_raise_nothing():
    events = [trade(10, "t1", "ent_a", "ent_b", 40), trade(70, "t2", "ent_b", "ent_a", 40)]

    assert wash_trades.detect(events, context(), {}) == []


def test_a_listing_deal_inside_a_group_counts_but_a_contract_made_from_a_book_trade_is_not_counted_twice():
    events = [trade(10, "t1", "ent_a", "ent_b", 40), deal(10, "ctr_1", "ent_a", "ent_b", 40, 1, source="trade"),
              deal(20, "ord_1", "ent_a", "ent_b", 5, 1, source="listing", commodity="RB2605")]

    [finding] = wash_trades.detect(events, context(SHARED_REPRESENTATIVE), {"min_trades": 2})

    assert finding.measures["trades"] == 2


def test_below_the_minimum_number_of_trades_nothing_is_raised():
    events = [trade(10, "t1", "ent_a", "ent_b", 40)]

    assert wash_trades.detect(events, context(SHARED_REPRESENTATIVE), {"min_trades": 2}) == []


ENTERPRISES = st.sampled_from(["e1", "e2", "e3", "e4", "e5"])
TRADES = st.lists(st.tuples(st.integers(0, 20_000), ENTERPRISES, ENTERPRISES, st.integers(1, 500)), max_size=30)
GROUPINGS = st.dictionaries(st.sampled_from(["e1", "e2", "e3", "e4", "e5"]), st.sampled_from(["g1", "g2"]))


def _market(rows):
    return [trade(seconds, f"t{n}", buyer, seller, quantity) for n, (seconds, buyer, seller, quantity) in enumerate(rows)]


@given(TRADES)
def test_an_innocent_market_without_shared_groups_never_raises_wash_trades(rows):
    events = [event for event in _market(rows) if event.buyer != event.seller]

    assert wash_trades.detect(events, context(), {}) == []


@given(TRADES, GROUPINGS)
def test_relabelling_enterprises_does_not_change_the_number_of_findings(rows, groups):
    rename = {name: f"x_{name}" for name in ["e1", "e2", "e3", "e4", "e5"]}
    renamed = [trade(seconds, f"t{n}", rename[buyer], rename[seller], quantity)
               for n, (seconds, buyer, seller, quantity) in enumerate(rows)]
    renamed_groups = {rename[name]: group for name, group in groups.items()}

    assert len(wash_trades.detect(renamed, context(renamed_groups), {})) == \
        len(wash_trades.detect(_market(rows), context(groups), {}))


@given(TRADES, GROUPINGS)
def test_findings_are_deterministic_whatever_the_order_the_events_come_in(rows, groups):
    events = _market(rows)

    assert wash_trades.detect(events, context(groups), {}) == wash_trades.detect(events[::-1], context(groups), {})
