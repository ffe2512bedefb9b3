"""Spoofing: a large buy wall pulled seconds after the spoofer's sell fills alerts; an honest cancel does not."""
from hypothesis import given
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import spoofing

from tests.oversight.detectors.market import context, order, trade


def _wall_then_fill_then_cancel(cancel_after_seconds, levels=1):
    wall = [order(0 + n, f"wall{n}", "spoofer", "new", "buy", 40 // levels, price=399_000 - 100 * n)
            for n in range(levels)]
    real = [order(5, "real", "spoofer", "new", "sell", 5, price=400_000),
            trade(20, "t1", "victim", "spoofer", 5, aggressor="buy")]
    pulled = [order(20 + cancel_after_seconds, f"wall{n}", "spoofer", "cancel", "buy", 40 // levels, remaining=0,
                    price=399_000 - 100 * n) for n in range(levels)]
    return wall + real + pulled


def test_a_wall_cancelled_four_seconds_after_the_opposite_fill_alerts_with_share_size_time_and_limit():
    [finding] = spoofing.detect(_wall_then_fill_then_cancel(4), context(), {})

    assert finding.subject == "spoofer"
    assert finding.sentence_en == "spoofer cancelled 100 % of 40 t within 4 s after a sell fill of 5 t in RB2605, limit 50 %"
    assert "4 秒内撤销反向申报 40 t 中的 100%" in finding.sentence_zh and "阈值 50%" in finding.sentence_zh


def test_orders_pulled_on_four_price_levels_are_called_layering():
    [finding] = spoofing.detect(_wall_then_fill_then_cancel(3, levels=4), context(), {})

    assert finding.severity == "high" and "4 price levels (layering)" in finding.sentence_en


def test_the_same_wall_cancelled_a_minute_later_is_an_ordinary_change_of_mind():
    assert spoofing.detect(_wall_then_fill_then_cancel(60), context(), {}) == []


def test_a_small_order_cancelled_after_a_fill_is_not_a_wall():
    events = [order(0, "small", "trader", "new", "buy", 5), order(5, "real", "trader", "new", "sell", 5),
              trade(20, "t1", "victim", "trader", 5), order(22, "small", "trader", "cancel", "buy", 5, remaining=0)]

    assert spoofing.detect(events, context(), {}) == []


@given(st.integers(1, 600), st.integers(1, 600))
def test_a_wider_window_never_finds_less(delay, window):
    events = _wall_then_fill_then_cancel(delay)
    narrow = spoofing.detect(events, context(), {"window_seconds": window})
    wide = spoofing.detect(events, context(), {"window_seconds": min(600, window + 30)})

    assert len(wide) >= len(narrow)


@given(st.integers(1, 120), st.sampled_from(["a", "b", "zz"]))
def test_relabelling_the_spoofer_keeps_the_finding_and_its_numbers(delay, name):
    events = [event.__class__(**{**event.__dict__, **_renamed(event, name)}) for event in _wall_then_fill_then_cancel(delay)]
    original = spoofing.detect(_wall_then_fill_then_cancel(delay), context(), {})
    renamed = spoofing.detect(events, context(), {})

    assert [finding.measures for finding in renamed] == [finding.measures for finding in original]


def _renamed(event, name):
    fields = {}
    for field in ("enterprise", "buyer", "seller"):
        if getattr(event, field, None) == "spoofer":
            fields[field] = name
    return fields
