"""The floor price index: base 1000, chain-linked daily, volume-weighted; its promises hold for any trades."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.trading.marketdata.properties.strategies import START, distinct_time_trade_lists, moments, prices, quantities
from trading.marketdata.bars import local_day
from trading.marketdata.index import BASE, DayTrading, chain_index, daily_trading

instrument_codes = st.sampled_from(["RB-A", "RB-B", "HC-C", "WR-D"])
floor_trades = st.lists(st.tuples(instrument_codes, moments, prices, quantities), min_size=1, max_size=60)


def by_instrument(trades):
    grouped = {}
    for code, moment, price, quantity in trades:
        grouped.setdefault(code, []).append((moment, price, quantity))
    return grouped


def index_of(trades):
    return chain_index(daily_trading(by_instrument(trades)))


def links(points):
    return [point.link for point in points]


@given(floor_trades, st.dictionaries(instrument_codes, prices))
def test_constant_prices_keep_the_index_at_1000(trades, fixed):
    constant = [(code, moment, fixed.get(code, 500_00), quantity) for code, moment, _, quantity in trades]
    points = index_of(constant)
    assert {point.value for point in points} == {BASE} and {point.link for point in points} == {1}


def comparable_days(trades):
    """Days on which some instrument trades that had traded on an earlier day: days with a link."""
    days = {code: {local_day(moment) for other, moment, _, _ in trades if other == code} for code, *_ in trades}
    return sorted({day for traded in days.values() for day in traded if min(traded) < day})


@given(floor_trades, st.tuples(prices, quantities, prices, quantities), st.integers(min_value=0, max_value=99),
       st.integers(min_value=2, max_value=9))
def test_scaling_every_price_on_a_day_scales_that_days_index(trades, anchor, pick, k):
    """On a day with something to compare (an instrument that had traded before); others carry forward."""
    first_price, first_quantity, later_price, later_quantity = anchor
    trades = trades + [("RB-A", START, first_price, first_quantity),
                       ("RB-A", START + timedelta(days=2), later_price, later_quantity)]
    candidates = comparable_days(trades)
    day = candidates[pick % len(candidates)]
    scaled = [(code, moment, price * k if local_day(moment) == day else price, quantity)
              for code, moment, price, quantity in trades]

    before = {point.day: point for point in index_of(trades)}
    after = {point.day: point for point in index_of(scaled)}

    assert after[day].link == before[day].link * k
    assert abs(after[day].value - before[day].value * k) <= before[day].value * k * Decimal("1e-20")
    assert all(after[other] == before[other] for other in before if other < day)


@given(floor_trades, prices, quantities)
def test_an_instrument_at_constant_prices_damps_a_days_move_but_never_reverses_or_enlarges_it(trades, price, volume):
    """It trades each day the floor trades; its price relative is 1, so each link moves towards 1."""
    days = sorted({local_day(moment) for _, moment, _, _ in trades})
    steady = [("STEADY", datetime.combine(day, datetime.min.time(), timezone(timedelta(hours=8))) + timedelta(hours=10),
               price, volume) for day in days]

    without, with_it = links(index_of(trades)), links(index_of(trades + steady))

    assert len(without) == len(with_it)
    for alone, damped in zip(without, with_it):
        assert min(alone, 1) <= damped <= max(alone, 1)


@given(floor_trades, moments, prices, quantities)
def test_an_instruments_first_and_only_day_does_not_move_the_index(trades, moment, price, volume):
    before = {point.day: point.value for point in index_of(trades)}
    after = index_of(trades + [("NEW", moment, price, volume)])

    for point in after:
        if point.day in before:
            assert point.value == before[point.day]
        else:
            earlier = [value for day, value in sorted(before.items()) if day < point.day]
            assert point.value == (earlier[-1] if earlier else BASE)


@given(distinct_time_trade_lists, st.randoms(use_true_random=False))
def test_the_index_does_not_depend_on_the_order_trades_are_listed_in(trades, random):
    codes = ["RB-A", "RB-B", "HC-C"]
    floor = [(codes[n % 3], moment, price, quantity) for n, (moment, price, quantity) in enumerate(trades)]
    shuffled = list(floor)
    random.shuffle(shuffled)
    assert index_of(shuffled) == index_of(floor)


def test_a_worked_example():
    """Day 1 sets the base; day 2: A +10 % on 30 lots, B flat on 10 lots; day 3: only a new C trades."""
    days = {
        date(2026, 3, 2): {"A": DayTrading(10, 10 * 4000), "B": DayTrading(20, 20 * 2000)},
        date(2026, 3, 3): {"A": DayTrading(30, 30 * 4400), "B": DayTrading(10, 10 * 2000)},
        date(2026, 3, 4): {"C": DayTrading(5, 5 * 900)},
    }

    points = chain_index(days)

    # link = (30·4400 + 10·2000) / (30·4000 + 10·2000) = 152000 / 140000
    assert [point.level for point in points] == [Decimal("1000.00"), Decimal("1085.71"), Decimal("1085.71")]
    assert [point.day for point in points] == sorted(days)


def test_years_of_daily_links_keep_the_level_to_forty_digits():
    """An exact product of links would grow by digits every day; the level keeps a fixed precision."""
    first = date(2020, 1, 1)
    days = {first + timedelta(days=n): {"A": DayTrading(7 + n % 5, (7 + n % 5) * (4000 + 37 * (n % 11))),
                                        "B": DayTrading(3, 3 * (2000 + 13 * (n % 7)))} for n in range(3000)}

    points = chain_index(days)

    assert len(points) == 3000 and all(len(point.value.as_tuple().digits) <= 40 for point in points)
    assert Decimal(500) < points[-1].value < Decimal(2000)
