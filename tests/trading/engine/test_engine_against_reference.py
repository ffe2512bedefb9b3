"""The engine gives exactly the results of a plain reference book on long and on random command streams.

The reference keeps every resting order in one list in queue order and searches it for the best
order each time: slow, but each rule of the engine's documented behaviour is one readable line.
The engine is tuned for speed (see docs/performance.md); this pins its results to the rules.
"""
import random

import pytest
from hypothesis import given, settings, strategies as st

from trading.checks import PriceBand, Session, TradingRules, price_check
from trading.engine import Book
from trading.orders import (
    BUY, DUPLICATE_ORDER, FOK, FOK_UNFILLABLE, INVALID_ORDER, INVALID_PRICE, INVALID_QUANTITY, IOC,
    MARKET, ORDER_KINDS, POST_ONLY, REQUESTED, SELF_TRADE_PREVENTED, SELL, UNFILLED_REMAINDER, UNKNOWN_ORDER,
    WOULD_TAKE_LIQUIDITY, Accepted, Amend, Amended, Cancel, Cancelled, Depth, Level, NewOrder, Order, Rejected,
    Rested, Trade,
)

RULES = TradingRules(tick=10, band=PriceBand(900, 1100), sessions=(Session(0, 10**9),))
ENTERPRISES = ("tianjin-steel", "binhai-build", "hebei-rolling", "tangshan-iron")


class ReferenceBook:
    """Resting orders in one list, oldest first; a level's queue is that list's order at one price."""

    def __init__(self, rules: TradingRules) -> None:
        self.rules = rules
        self.resting: list[Order] = []
        self.accepted: set[str] = set()
        self.trades = 0
        self.last_seq = None

    def handle(self, command) -> list:
        if self.last_seq is not None and command.seq <= self.last_seq:
            raise ValueError("sequence")
        self.last_seq = command.seq
        if isinstance(command, NewOrder):
            return self.new(command)
        if isinstance(command, Cancel):
            return self.cancel(command)
        return self.amend(command)

    def queue(self, side: str) -> list[Order]:
        """Resting orders of `side` in priority: best price first, then oldest (the sort is stable)."""
        return sorted((o for o in self.resting if o.side == side), key=lambda o: -o.price if side == BUY else o.price)

    def reachable_by(self, side: str, limit: int) -> list[Order]:
        """Resting orders of the other side within `limit`, in the order they would trade."""
        return [o for o in self.queue(SELL if side == BUY else BUY) if (o.price <= limit if side == BUY
                                                                        else o.price >= limit)]

    def new(self, c: NewOrder) -> list:
        reason = None
        if c.side not in (BUY, SELL) or c.kind not in ORDER_KINDS:
            reason = INVALID_ORDER
        elif c.order_id in self.accepted:
            reason = DUPLICATE_ORDER
        elif c.quantity <= 0:
            reason = INVALID_QUANTITY
        elif c.price <= 0:
            reason = INVALID_PRICE
        else:
            reason = price_check(c.price, c.time, self.rules)
        if reason is None and c.kind == POST_ONLY and self.reachable_by(c.side, c.price):
            reason = WOULD_TAKE_LIQUIDITY
        if reason is None and c.kind == FOK:
            fillable = 0
            for resting in self.reachable_by(c.side, c.price):
                if resting.enterprise == c.enterprise:
                    break
                fillable += resting.remaining
            if fillable < c.quantity:
                reason = FOK_UNFILLABLE
        if reason:
            return [Rejected(c.seq, c.order_id, reason)]
        self.accepted.add(c.order_id)
        results = [Accepted(c.seq, c.order_id)]
        self.match(Order(c.order_id, c.enterprise, c.side, c.kind, c.price, c.quantity, c.time), c.seq, results)
        return results

    def match(self, order: Order, seq: int, results: list) -> None:
        self_trade = False
        for resting in self.reachable_by(order.side, order.price):
            if not order.remaining:
                break
            if resting.enterprise == order.enterprise:
                self_trade = True
                break
            quantity = min(order.remaining, resting.remaining)
            buy, sell = (order, resting) if order.side == BUY else (resting, order)
            self.trades += 1
            results.append(Trade(seq, order.time, self.trades, buy.order_id, sell.order_id, resting.price, quantity,
                                 order.side, buy.enterprise, sell.enterprise))
            order.remaining -= quantity
            resting.remaining -= quantity
            if not resting.remaining:
                self.resting.remove(resting)
        if not order.remaining:
            return
        if self_trade:
            results.append(Cancelled(seq, order.order_id, order.remaining, SELF_TRADE_PREVENTED))
        elif order.kind in (MARKET, IOC, FOK):
            results.append(Cancelled(seq, order.order_id, order.remaining, UNFILLED_REMAINDER))
        else:
            self.resting.append(order)
            results.append(Rested(seq, order.order_id, order.side, order.price, order.remaining))

    def find(self, order_id: str) -> Order | None:
        return next((o for o in self.resting if o.order_id == order_id), None)

    def cancel(self, c: Cancel) -> list:
        order = self.find(c.order_id)
        if order is None:
            return [Rejected(c.seq, c.order_id, UNKNOWN_ORDER)]
        self.resting.remove(order)
        return [Cancelled(c.seq, c.order_id, order.remaining, REQUESTED)]

    def amend(self, c: Amend) -> list:
        order = self.find(c.order_id)
        if order is None:
            reason = UNKNOWN_ORDER
        elif c.quantity <= 0:
            reason = INVALID_QUANTITY
        elif c.price <= 0:
            reason = INVALID_PRICE
        else:
            reason = price_check(c.price, c.time, self.rules)
        if reason is None and order.kind == POST_ONLY and c.price != order.price \
                and self.reachable_by(order.side, c.price):
            reason = WOULD_TAKE_LIQUIDITY
        if reason:
            return [Rejected(c.seq, c.order_id, reason)]
        previous = order.remaining
        if c.price == order.price and c.quantity <= previous:
            order.remaining = c.quantity
            return [Amended(c.seq, c.order_id, order.price, previous, c.quantity, True)]
        self.resting.remove(order)
        results = [Amended(c.seq, c.order_id, c.price, previous, c.quantity, False)]
        self.match(Order(order.order_id, order.enterprise, order.side, order.kind, c.price, c.quantity, c.time),
                   c.seq, results)
        return results

    def snapshot(self) -> tuple:
        return tuple((o.side, o.price, o.order_id, o.enterprise, o.kind, o.remaining)
                     for side in (BUY, SELL) for o in self.queue(side))

    def depth(self, levels: int) -> Depth:
        def side_levels(side):
            queue = self.queue(side)
            prices = list(dict.fromkeys(o.price for o in queue))[:levels]
            return tuple(Level(p, sum(o.remaining for o in queue if o.price == p),
                               sum(1 for o in queue if o.price == p)) for p in prices)
        return Depth(side_levels(BUY), side_levels(SELL))


def random_stream(rng: random.Random, count: int) -> list:
    """Orders of every kind near a moving mid, with cancels and amends of earlier orders and a few bad commands."""
    commands, ids, mid = [], [], 1000
    for seq in range(1, count + 1):
        mid = min(1060, max(940, mid + rng.choice((-10, 0, 0, 10))))
        roll = rng.random()
        if roll < 0.15 and ids:
            commands.append(Cancel(seq, seq, rng.choice(ids) if rng.random() < 0.95 else "nobody"))
        elif roll < 0.25 and ids:
            commands.append(Amend(seq, seq, rng.choice(ids), mid + 10 * rng.randint(-4, 4) + (rng.random() < 0.03),
                                  rng.randint(-1, 25)))
        else:
            side = rng.choice((BUY, SELL))
            kind = rng.choices(ORDER_KINDS + ("iceberg",), weights=(60, 12, 10, 8, 9, 1))[0]
            price = mid + 10 * rng.randint(-5, 5) * (1 if side == BUY else -1) * rng.choice((1, -1))
            if rng.random() < 0.02:
                price = rng.choice((0, price + 3, 1200))
            order_id = f"o{seq}" if rng.random() < 0.99 or not ids else rng.choice(ids)
            ids.append(order_id)
            commands.append(NewOrder(seq, seq, order_id, rng.choice(ENTERPRISES), side, kind, price,
                                     rng.randint(-1, 30)))
    return commands


def assert_same(commands: list) -> None:
    book, reference = Book(RULES), ReferenceBook(RULES)
    for command in commands:
        assert book.handle(command) == reference.handle(command), command
    assert book.snapshot() == reference.snapshot()
    assert book.depth(5) == reference.depth(5)
    assert book.trades == reference.trades


@pytest.mark.parametrize("seed", range(6))
def test_long_streams_give_the_reference_results_command_by_command(seed):
    assert_same(random_stream(random.Random(seed), 4000))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 300))
def test_random_streams_give_the_reference_results(seed, count):
    assert_same(random_stream(random.Random(seed), count))


def test_the_reference_is_not_trivially_equal():
    """The streams above exercise trades, self-trade prevention, FOK refusals and both kinds of amend."""
    reference = ReferenceBook(RULES)
    results = [r for c in random_stream(random.Random(0), 4000) for r in reference.handle(c)]
    reasons = {r.reason for r in results if isinstance(r, (Rejected, Cancelled))}
    assert sum(isinstance(r, Trade) for r in results) > 500
    assert {SELF_TRADE_PREVENTED, FOK_UNFILLABLE, UNFILLED_REMAINDER, REQUESTED, UNKNOWN_ORDER,
            WOULD_TAKE_LIQUIDITY, DUPLICATE_ORDER, INVALID_ORDER, INVALID_QUANTITY} <= reasons
    assert {r.kept_priority for r in results if isinstance(r, Amended)} == {True, False}
