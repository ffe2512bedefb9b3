"""Circular trading: goods sold round a ring back to the first seller alert; a chain that ends elsewhere does not."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import circular_trading

from tests.oversight.detectors.market import context, deal, movement

HOUR = 3600


def _ring(parties, quantities=None, step=HOUR):
    quantities = quantities or [40] * len(parties)
    return [deal(step * n, f"d{n}", parties[(n + 1) % len(parties)], parties[n], quantities[n], quantities[n] * 400_000)
            for n in range(len(parties))]


def test_three_enterprises_passing_the_same_coils_round_without_any_delivery_raise_a_grave_finding():
    [finding] = circular_trading.detect(_ring(["a", "b", "c"]), context(), {})

    assert finding.subjects == ("a", "b", "c") and finding.severity == "high"
    assert finding.sentence_en.startswith("3 enterprises (a, b, c) passed 40 t of HRC round a ring")
    assert "within 2 h, quantities 0 % apart, limit 5 %; no movement of goods recorded" in finding.sentence_en
    assert "均无货物移动记录" in finding.sentence_zh


def test_a_ring_whose_goods_were_delivered_still_alerts_but_less_gravely():
    events = _ring(["a", "b", "c"]) + [movement(HOUR * n + 600, f"d{n}") for n in range(3)]

    [finding] = circular_trading.detect(events, context(), {})

    assert finding.severity == "medium" and finding.measures["without_movement"] == 0


def test_a_chain_that_sells_on_to_a_fourth_party_is_ordinary_distribution():
    events = _ring(["a", "b", "c"])[:2] + [deal(2 * HOUR, "d2", "d", "c", 40, 16_000_000)]

    assert circular_trading.detect(events, context(), {}) == []


def test_a_ring_with_quantities_far_apart_or_slower_than_the_window_is_not_a_ring():
    assert circular_trading.detect(_ring(["a", "b", "c"], [40, 40, 20]), context(), {}) == []
    assert circular_trading.detect(_ring(["a", "b", "c"], step=48 * HOUR), context(), {}) == []


@given(st.integers(2, 6), st.integers(1, 500))
def test_every_ring_of_two_to_six_parties_is_found_once(size, quantity):
    parties = [f"p{n}" for n in range(size)]

    findings = circular_trading.detect(_ring(parties, [quantity] * size), context(), {})

    assert len(findings) == 1 and findings[0].measures["parties"] == size


@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef"), st.integers(0, 200)), max_size=25))
def test_a_market_where_goods_only_flow_down_the_alphabet_has_no_ring(flows):
    events = [deal(60 * n, f"d{n}", max(s, b), min(s, b), 10, 4_000_000)
              for n, (s, b, _q) in enumerate(flows) if s != b]

    assert circular_trading.detect(events, context(), {}) == []
