"""Market data from trades made through order entry: quotes, bars, depth, the tape and the floor index."""
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.errors import InvalidInput
from tests.trading.market import UREA_SPEC, list_instrument
from tests.trading.marketdata.history import beijing, rest, trade
from trading.floors import services as floors
from trading.marketdata import services


@pytest.fixture
def rebar(world):
    return list_instrument(world.operator())


@pytest.fixture
def two_days(seller, buyer, rebar):
    """Two days before today: VWAP 4005.00; yesterday: 4100, 4050, 4080 (40 t in all)."""
    trade(seller, buyer, rebar, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, rebar, "4020.00", 10, beijing(2, 11))
    trade(seller, buyer, rebar, "4100.00", 20, beijing(1, 10, 5))
    trade(seller, buyer, rebar, "4050.00", 10, beijing(1, 11, 30))
    trade(seller, buyer, rebar, "4080.00", 10, beijing(1, 14, 0))
    return rebar


def test_the_quote_compares_the_last_price_with_the_previous_settlement(seller, buyer, two_days):
    rest(buyer, two_days, "buy", "4000.00", 50, beijing(1, 15))
    rest(seller, two_days, "sell", "4150.00", 20, beijing(1, 15))

    quote = services.quote(two_days)

    assert quote.day == beijing(1, 0).date()
    assert (quote.last, quote.reference) == (4080_00, 4005_00)
    assert (quote.change.absolute, quote.change.percent) == (75_00, Decimal("1.87"))
    assert (quote.open, quote.high, quote.low) == (4100_00, 4100_00, 4050_00)
    assert (quote.volume, quote.lots, quote.turnover, quote.vwap) == (Decimal("40"), 4, 163_300_00, 4082_50)
    assert (quote.best_bid.price, quote.best_bid.quantity) == (4000_00, Decimal("50"))
    assert (quote.best_ask.price, quote.best_ask.quantity, quote.best_ask.orders) == (4150_00, Decimal("20"), 1)


def test_a_quote_as_of_an_earlier_moment_sees_only_the_trades_made_by_then(two_days):
    quote = services.trading_figures(two_days, now=beijing(1, 10, 30))

    assert (quote.last, quote.volume, quote.reference) == (4100_00, Decimal("20"), 4005_00)


def test_an_instrument_that_never_traded_quotes_its_initial_reference(rebar):
    quote = services.quote(rebar)

    assert (quote.day, quote.last, quote.change, quote.volume) == (None, None, None, Decimal(0))
    assert quote.reference == 4000_00 and quote.best_bid is None


def test_day_bars_are_beijing_days_and_carry_the_settlement(two_days):
    series = services.bars(two_days, "1d", beijing(3, 0), beijing(0, 0))

    assert [bar["start"].date() for bar in series.bars] == [beijing(2, 0).date(), beijing(1, 0).date()]
    earlier, latest = series.bars
    assert (earlier["open"], earlier["close"], earlier["volume"], earlier["settlement"]) == (
        4000_00, 4020_00, Decimal("40"), 4005_00)
    assert (latest["high"], latest["low"], latest["turnover"], latest["vwap"]) == (
        4100_00, 4050_00, 163_300_00, 4082_50)


def test_hour_bars_start_on_the_beijing_hour(two_days):
    series = services.bars(two_days, "1h", beijing(1, 0), beijing(1, 23))

    assert [bar["start"] for bar in series.bars] == [beijing(1, 10), beijing(1, 11), beijing(1, 14)]
    assert [bar["volume"] for bar in series.bars] == [Decimal("20"), Decimal("10"), Decimal("10")]
    assert all(bar["settlement"] is None for bar in series.bars)


def test_without_a_span_the_bars_end_with_the_latest_trade(two_days):
    """Overnight the last six hours hold no trade; the chart still shows the last hours of trading."""
    series = services.bars(two_days, "1m")

    assert series.until == beijing(1, 14, 1)
    assert series.since == beijing(1, 8, 1)
    assert [bar["start"] for bar in series.bars] == [beijing(1, 10, 5), beijing(1, 11, 30), beijing(1, 14)]


def test_too_many_bars_or_a_reversed_span_is_refused(rebar):
    with pytest.raises(InvalidInput) as too_many:
        services.bars(rebar, "1m", beijing(3, 0), beijing(0, 0))
    assert "1500" in too_many.value.errors["from"][0]

    with pytest.raises(InvalidInput) as reversed_span:
        services.bars(rebar, "1h", beijing(0, 0), beijing(1, 0))
    assert "from" in reversed_span.value.errors

    with pytest.raises(InvalidInput) as unknown:
        services.bars(rebar, "5m")
    assert "interval" in unknown.value.errors


def test_depth_shows_the_five_best_levels_a_side_in_the_floors_unit(buyer, seller, rebar):
    for price in ("3990.00", "3980.00", "3970.00", "3960.00", "3950.00", "3940.00"):
        rest(buyer, rebar, "buy", price, 10)
    rest(buyer, rebar, "buy", "3990.00", 20)
    rest(seller, rebar, "sell", "4010.00", 30)

    shown = services.depth(rebar)

    assert [level.price for level in shown.bids] == [3990_00, 3980_00, 3970_00, 3960_00, 3950_00]
    assert (shown.bids[0].quantity, shown.bids[0].lots, shown.bids[0].orders) == (Decimal("30"), 3, 2)
    assert [(level.price, level.quantity) for level in shown.asks] == [(4010_00, Decimal("30"))]


def test_the_tape_lists_the_latest_trades_first_with_the_aggressor(two_days):
    entries = services.tape(two_days, limit=2)

    assert [(entry.price, entry.quantity, entry.aggressor) for entry in entries] == [
        (4080_00, Decimal("10"), "buy"), (4050_00, Decimal("10"), "buy")]
    assert entries[0].executed_at == beijing(1, 14)


def test_the_floor_index_starts_at_1000_and_weighs_todays_volumes(world, seller, buyer, rebar):
    wire_rod = list_instrument(world.operator(), code="WR-HPB300-TJ-2612", reference="3000.00")
    urea = list_instrument(world.operator(), "chemicals", code="UR-N46-TJ-2612", spec=UREA_SPEC, reference="2000.00")
    trade(seller, buyer, rebar, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, wire_rod, "3000.00", 10, beijing(2, 10))
    trade(seller, buyer, urea, "2000.00", 20, beijing(2, 10))
    trade(seller, buyer, rebar, "4200.00", 10, beijing(1, 0, 30))  # 16:30 UTC the day before: still this day
    trade(seller, buyer, wire_rod, "3000.00", 30, beijing(1, 9))
    trade(seller, buyer, urea, "2100.00", 20, beijing(1, 9))

    points = services.floor_index(floors.floor_by_code("steel"))

    # (10 t × 4200 + 30 t × 3000) / (10 t × 4000 + 30 t × 3000) = 132000 / 130000
    assert [(point.day, point.level) for point in points] == [
        (beijing(2, 0).date(), Decimal("1000.00")), (beijing(1, 0).date(), Decimal("1015.38"))]
    summary = services.index_summary(points)
    assert (summary.level, summary.change, summary.percent) == (Decimal("1015.38"), Decimal("15.38"), Decimal("1.54"))
    assert [point.level for point in services.floor_index(floors.floor_by_code("steel"),
                                                          since=beijing(1, 0).date())] == [Decimal("1015.38")]
    assert services.floor_index(floors.floor_by_code("chemicals"))[-1].level == Decimal("1050.00")


def test_an_index_span_must_run_forwards_and_stay_bounded(ctx):
    steel = floors.floor_by_code("steel")
    today = beijing(0, 0).date()
    with pytest.raises(InvalidInput):
        services.floor_index(steel, since=today, until=today - timedelta(days=1))
    with pytest.raises(InvalidInput):
        services.floor_index(steel, since=today - timedelta(days=services.MAX_INDEX_DAYS + 1), until=today)


def test_the_market_overview_lists_every_floor_with_its_instruments(two_days):
    overview = {entry.floor.code: entry for entry in services.market_overview()}

    assert {"steel", "chemicals", "agriculture", "shipping"} <= set(overview)
    steel = overview["steel"]
    assert [quote.instrument for quote in steel.quotes] == [two_days]
    assert steel.index.level == Decimal("1019.35")  # 4082.50 / 4005.00: one instrument, its VWAP moved
    assert overview["shipping"].index is None
