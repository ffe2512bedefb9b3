"""Bars, VWAP and change: what a chart or a quote board may rely on, for any trades."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.trading.marketdata.properties.strategies import distinct_time_trade_lists, trade_lists
from trading.marketdata.bars import (
    DAY, HOUR, INTERVALS, MINUTE, SHANGHAI, bars, bucket_count, bucket_start, change, vwap,
)

intervals = st.sampled_from(sorted(INTERVALS))


@given(trade_lists, intervals)
def test_bar_volumes_add_up_to_the_traded_volume(trades, interval):
    made = bars(trades, interval)
    assert sum(bar.volume for bar in made) == sum(quantity for _, _, quantity in trades)
    assert sum(bar.trades for bar in made) == len(trades)
    assert sum(bar.turnover for bar in made) == sum(price * quantity for _, price, quantity in trades)


@given(trade_lists, intervals)
def test_high_and_low_bound_open_and_close(trades, interval):
    for bar in bars(trades, interval):
        assert bar.high >= max(bar.open, bar.close) and min(bar.open, bar.close) >= bar.low
        assert bar.low <= bar.vwap <= bar.high


@given(trade_lists, intervals)
def test_every_trade_lies_in_exactly_one_bar_and_bars_do_not_overlap(trades, interval):
    made = bars(trades, interval)
    starts = [bar.start for bar in made]
    assert starts == sorted(set(starts))
    for moment, price, _ in trades:
        holding = [bar for bar in made if bar.start <= moment < bar.start + INTERVALS[interval]]
        assert len(holding) == 1 and holding[0].low <= price <= holding[0].high


@given(trade_lists)
def test_vwap_lies_between_the_lowest_and_highest_price(trades):
    prices = [price for _, price, _ in trades]
    assert min(prices) <= vwap(trades) <= max(prices)


@given(distinct_time_trade_lists, intervals, st.randoms(use_true_random=False))
def test_bars_do_not_depend_on_the_order_trades_are_listed_in(trades, interval, random):
    shuffled = list(trades)
    random.shuffle(shuffled)
    assert bars(shuffled, interval) == bars(trades, interval)
    assert vwap(shuffled) == vwap(trades)


def test_open_and_close_follow_time_and_trades_at_one_moment_keep_their_order():
    at = datetime(2026, 3, 2, 2, 0, 10, tzinfo=timezone.utc)
    trades = [(at + timedelta(seconds=30), 4010_00, 10), (at, 4000_00, 10), (at, 3990_00, 20)]

    [bar] = bars(trades, MINUTE)

    assert (bar.open, bar.high, bar.low, bar.close, bar.volume) == (4000_00, 4010_00, 3990_00, 4010_00, 40)
    assert bar.vwap == 3997_50


def test_a_day_bar_is_a_beijing_calendar_day():
    late_utc_evening = datetime(2026, 3, 2, 16, 30, tzinfo=timezone.utc)  # 00:30 on 3 March in Beijing
    afternoon = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)  # 15:00 on 2 March

    made = bars([(late_utc_evening, 4100_00, 10), (afternoon, 4000_00, 10)], DAY)

    assert [bar.start for bar in made] == [datetime(2026, 3, 2, tzinfo=SHANGHAI), datetime(2026, 3, 3, tzinfo=SHANGHAI)]
    assert bucket_start(late_utc_evening, HOUR) == datetime(2026, 3, 3, 0, 0, tzinfo=SHANGHAI)


def test_the_number_of_bars_a_span_touches():
    since = datetime(2026, 3, 2, 9, 30, 20, tzinfo=SHANGHAI)
    assert bucket_count(since, since + timedelta(minutes=60), MINUTE) == 61
    assert bucket_count(since, since + timedelta(hours=2), HOUR) == 3
    assert bucket_count(since, since, DAY) == 0


def test_change_against_the_previous_settlement():
    assert change(4120_00, 4000_00).absolute == 120_00
    assert change(4120_00, 4000_00).percent == Decimal("3.00")
    assert change(3999_00, 4000_00).percent == Decimal("-0.03")
    assert change(4000_00, 4000_00).percent == Decimal("0.00")
