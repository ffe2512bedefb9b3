"""A trading day on the HRB400E rebar book, told through the engine's commands and results.

Prices are fen per tonne (tick 100 fen = 1 CNY), quantities lots.
"""
from trading.checks import PriceBand, Session, TradingRules
from trading.engine import Book, replay
from trading.orders import (
    BUY, FOK, IOC, LIMIT, MARKET, POST_ONLY, SELL, Accepted, Amend, Amended, Cancel, Cancelled,
    Level, NewOrder, Rejected, Rested, Trade,
)

OPEN, CLOSE = 9 * 3600, 15 * 3600
RULES = TradingRules(tick=100, band=PriceBand.around(380_000, 5, 100), sessions=(Session(OPEN, CLOSE),))


class Day:
    """Numbers and times commands like the order gateway will."""

    def __init__(self) -> None:
        self.book = Book(RULES)
        self.commands: list = []
        self.time = OPEN

    def send(self, make, *args, time=None):
        self.time = time if time is not None else self.time + 1
        command = make(len(self.commands) + 1, self.time, *args)
        self.commands.append(command)
        return self.book.handle(command)

    def order(self, order_id, enterprise, side, kind, price, quantity, **kw):
        return self.send(NewOrder, order_id, enterprise, side, kind, price, quantity, **kw)


def test_band_is_narrowed_inward_to_the_tick():
    assert PriceBand.around(380_050, 5, 100) == PriceBand(361_100, 399_000)


def test_rebar_sold_in_parts_amended_and_cancelled():
    day = Day()
    seq = day.order("s1", "tianjin-steel", SELL, LIMIT, 381_000, 50)
    assert seq == [Accepted(1, "s1"), Rested(1, "s1", SELL, 381_000, 50)]
    day.order("s2", "hebei-rolling", SELL, LIMIT, 381_000, 20)

    filled = day.order("m1", "binhai-build", BUY, MARKET, 382_000, 30)
    trade = filled[1]
    assert isinstance(trade, Trade)
    assert (trade.buy_order_id, trade.sell_order_id, trade.price, trade.quantity, trade.aggressor,
            trade.buyer, trade.seller) == ("m1", "s1", 381_000, 30, BUY, "binhai-build", "tianjin-steel")
    assert day.book.depth().asks == (Level(381_000, 40, 2),)

    assert day.order("m2", "binhai-build", BUY, MARKET, 380_000, 5)[-1] == Cancelled(4, "m2", 5, "unfilled_remainder")

    assert day.send(Amend, "s1", 381_000, 10) == [Amended(5, "s1", 381_000, 20, 10, True)]
    first = day.order("b1", "binhai-build", BUY, IOC, 381_000, 10)
    assert [r.sell_order_id for r in first if isinstance(r, Trade)] == ["s1"]

    day.order("s3", "tianjin-steel", SELL, LIMIT, 381_000, 10)
    assert day.send(Amend, "s2", 382_000, 20)[0].kept_priority is False
    assert day.send(Amend, "s2", 381_000, 20)[0].kept_priority is False
    second = day.order("b2", "binhai-build", BUY, LIMIT, 381_000, 10)
    assert [r.sell_order_id for r in second if isinstance(r, Trade)] == ["s3"]

    assert day.send(Cancel, "s2") == [Cancelled(11, "s2", 20, "requested")]
    assert day.send(Cancel, "s2") == [Rejected(12, "s2", "unknown_order")]
    assert day.book.depth().asks == ()

    rebuilt, results = replay(day.commands, RULES)
    assert rebuilt.snapshot() == day.book.snapshot()


def test_refused_orders_change_nothing():
    day = Day()
    day.order("s1", "tianjin-steel", SELL, LIMIT, 381_000, 50)
    before = day.book.snapshot()
    assert day.order("x1", "binhai-build", BUY, LIMIT, 381_050, 1) == [Rejected(2, "x1", "off_tick")]
    assert day.order("x2", "binhai-build", BUY, LIMIT, 400_000, 1) == [Rejected(3, "x2", "outside_band")]
    assert day.order("x3", "binhai-build", BUY, LIMIT, 381_000, 1, time=CLOSE) == [
        Rejected(4, "x3", "not_in_session")]
    assert day.order("x4", "binhai-build", BUY, POST_ONLY, 381_000, 1, time=OPEN + 10) == [
        Rejected(5, "x4", "would_take_liquidity")]
    assert day.order("x5", "binhai-build", BUY, FOK, 381_000, 51) == [Rejected(6, "x5", "fok_unfillable")]
    assert day.send(Amend, "s1", 381_050, 50) == [Rejected(7, "s1", "off_tick")]
    assert day.book.snapshot() == before


def test_self_trade_is_prevented_and_other_liquidity_untouched():
    day = Day()
    day.order("s1", "tianjin-steel", SELL, LIMIT, 381_000, 10)
    day.order("s2", "binhai-build", SELL, LIMIT, 381_000, 10)
    results = day.order("b1", "tianjin-steel", BUY, LIMIT, 381_000, 15)
    assert results == [Accepted(3, "b1"), Cancelled(3, "b1", 15, "self_trade_prevented")]
    assert day.book.depth().asks == (Level(381_000, 20, 2),)
    assert day.order("f1", "tianjin-steel", BUY, FOK, 381_000, 5) == [Rejected(4, "f1", "fok_unfillable")]


def test_raising_quantity_loses_priority():
    day = Day()
    day.order("s1", "tianjin-steel", SELL, LIMIT, 381_000, 10)
    day.order("s2", "hebei-rolling", SELL, LIMIT, 381_000, 10)
    assert day.send(Amend, "s1", 381_000, 11)[0].kept_priority is False
    fill = day.order("b1", "binhai-build", BUY, LIMIT, 381_000, 10)
    assert [r.sell_order_id for r in fill if isinstance(r, Trade)] == ["s2"]


def test_ioc_takes_what_it_can_and_post_only_rests_as_a_maker():
    day = Day()
    day.order("s1", "tianjin-steel", SELL, LIMIT, 381_000, 10)
    day.order("s2", "tianjin-steel", SELL, LIMIT, 382_000, 10)
    ioc = day.order("b1", "binhai-build", BUY, IOC, 381_000, 15)
    assert [(r.sell_order_id, r.quantity) for r in ioc if isinstance(r, Trade)] == [("s1", 10)]
    assert ioc[-1] == Cancelled(3, "b1", 5, "unfilled_remainder")

    assert day.order("p1", "binhai-build", BUY, POST_ONLY, 381_500, 5)[-1] == Rested(4, "p1", BUY, 381_500, 5)
    assert day.send(Amend, "p1", 382_000, 5) == [Rejected(5, "p1", "would_take_liquidity")]
    fok = day.order("f1", "hebei-rolling", SELL, FOK, 381_500, 5)
    assert [(r.buy_order_id, r.price, r.aggressor) for r in fok if isinstance(r, Trade)] == [("p1", 381_500, SELL)]
    assert day.book.depth().bids == ()
