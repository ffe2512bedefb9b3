"""The matching engine: one continuous double auction per instrument, price-time priority.

Guarantees: every fill is at the resting order's price; the book never rests crossed; orders of
one enterprise never trade with each other; the same commands always give the same results, so
`replay` of a persisted command stream rebuilds the identical book. No clock, no I/O.

Self-trade prevention is "cancel newest": when the next resting order an incoming order would
trade with belongs to the same enterprise, the incoming order's remainder is cancelled
(reason `self_trade_prevented`); fills made before that point stand and the resting order keeps
its place. A FOK order counts only the liquidity it could reach before meeting its own order.

Structure: per side a dict price -> PriceLevel (a deque in time order) and a sorted list of
active prices (best last); orders are indexed by id. A cancel only zeroes the order and adjusts
its level's totals (lazy deletion): dead entries are dropped when they reach the queue's front.
"""
from bisect import bisect_left, insort
from collections import deque
from collections.abc import Iterable, Iterator

from trading.checks import TradingRules, price_check
from trading.orders import (
    BUY, DUPLICATE_ORDER, FOK, FOK_UNFILLABLE, INVALID_ORDER, INVALID_PRICE, INVALID_QUANTITY,
    IOC, MARKET, ORDER_KINDS, POST_ONLY, REQUESTED, SELF_TRADE_PREVENTED, SELL,
    UNFILLED_REMAINDER, UNKNOWN_ORDER, WOULD_TAKE_LIQUIDITY, Accepted, Amend, Amended, Cancel,
    Cancelled, Depth, Level, NewOrder, Order, Rejected, Rested, Trade,
)

_NEVER_REST = (MARKET, IOC, FOK)
_SIDES = (BUY, SELL)


class PriceLevel:
    """The orders resting at one price, oldest first, with their live totals."""
    __slots__ = ("price", "orders", "quantity", "count")

    def __init__(self, price: int) -> None:
        self.price = price
        self.orders: deque[Order] = deque()
        self.quantity = 0
        self.count = 0

    def live(self) -> Iterator[Order]:
        return (order for order in self.orders if order.remaining)


class BookSide:
    """One side of the book; `keys` holds price * sign ascending, so the best price is last."""
    __slots__ = ("side", "sign", "levels", "keys")

    def __init__(self, side: str) -> None:
        self.side = side
        self.sign = 1 if side == BUY else -1
        self.levels: dict[int, PriceLevel] = {}
        self.keys: list[int] = []

    def best(self) -> PriceLevel | None:
        return self.levels[self.keys[-1] * self.sign] if self.keys else None

    def add(self, order: Order) -> None:
        level = self.levels.get(order.price)
        if level is None:
            level = self.levels[order.price] = PriceLevel(order.price)
            insort(self.keys, order.price * self.sign)
        level.orders.append(order)
        level.quantity += order.remaining
        level.count += 1

    def withdraw(self, order: Order) -> None:
        """Takes a live order's open quantity out of its level (the entry is dropped lazily)."""
        level = self.levels[order.price]
        level.quantity -= order.remaining
        level.count -= 1
        order.remaining = 0
        if not level.count:
            self.drop(level)

    def drop(self, level: PriceLevel) -> None:
        del self.levels[level.price]
        key = level.price * self.sign
        if self.keys[-1] == key:
            self.keys.pop()
        else:
            del self.keys[bisect_left(self.keys, key)]

    def in_priority(self) -> Iterator[PriceLevel]:
        return (self.levels[key * self.sign] for key in reversed(self.keys))

    def depth(self, levels: int) -> tuple[Level, ...]:
        return tuple(Level(level.price, level.quantity, level.count)
                     for level, _ in zip(self.in_priority(), range(levels)))


def _reaches(side: str, limit: int, price: int) -> bool:
    """Whether an incoming order on `side` limited at `limit` may trade at resting `price`."""
    return price <= limit if side == BUY else price >= limit


class Book:
    """The order book of one instrument; feed it commands in sequence order with `handle`.

    The hot paths (`_new`, `_match`) keep what they use in local variables and walk the levels by
    sort key, because replaying a long stream after a restart must take moments (figures in
    docs/performance.md); tests/trading/engine pins their results to a plain reference book.
    """

    def __init__(self, rules: TradingRules | None = None) -> None:
        self.rules = rules or TradingRules()
        self.bids = BookSide(BUY)
        self.asks = BookSide(SELL)
        self.orders: dict[str, Order] = {}
        self.seen: set[str] = set()
        self.last_seq: int | None = None
        self.trades = 0

    def handle(self, command: NewOrder | Cancel | Amend) -> list:
        """The results of one command; normal refusals are `Rejected` results, not exceptions.

        :raise ValueError: when sequence numbers do not strictly increase (a broken stream).
        """
        seq = command.seq
        if self.last_seq is not None and seq <= self.last_seq:
            raise ValueError(f"command sequence {seq} after {self.last_seq}")
        self.last_seq = seq
        kind = type(command)
        if kind is NewOrder:
            return self._new(command)
        if kind is Cancel:
            return self._cancel(command)
        return self._amend(command)

    def run(self, commands: Iterable[NewOrder | Cancel | Amend]) -> list:
        results = []
        extend, handle = results.extend, self.handle
        for command in commands:
            extend(handle(command))
        return results

    def catch_up(self, commands: Iterable[NewOrder | Cancel | Amend]) -> None:
        """Feeds commands and drops their results: a replay that needs only the book is faster so,
        because a growing list of results keeps the garbage collector scanning."""
        handle = self.handle
        for command in commands:
            handle(command)

    def depth(self, levels: int = 5) -> Depth:
        return Depth(self.bids.depth(levels), self.asks.depth(levels))

    def snapshot(self) -> tuple:
        """Every resting order in priority order: equal snapshots mean identical books."""
        return tuple((side.side, level.price, order.order_id, order.enterprise, order.kind, order.remaining)
                     for side in (self.bids, self.asks)
                     for level in side.in_priority() for order in level.live())

    def first_to_meet(self, side: str, price: int) -> str | None:
        """The enterprise of the resting order that an order on `side` limited at `price` would meet first
        (None when it would meet none): the order gateway refuses an order that would meet its own first."""
        opposite = self.asks if side == BUY else self.bids
        best = opposite.best()
        if best is None or not _reaches(side, price, best.price):
            return None
        return next(best.live()).enterprise

    def _side(self, side: str) -> BookSide:
        return self.bids if side == BUY else self.asks

    def _new(self, command: NewOrder) -> list:
        seq, order_id, side, kind, price, quantity = (command.seq, command.order_id, command.side, command.kind,
                                                      command.price, command.quantity)
        if side not in _SIDES or kind not in ORDER_KINDS:
            reason = INVALID_ORDER
        elif order_id in self.seen:
            reason = DUPLICATE_ORDER
        elif quantity <= 0:
            reason = INVALID_QUANTITY
        elif price <= 0:
            reason = INVALID_PRICE
        else:
            reason = price_check(price, command.time, self.rules)
            if reason is None and (kind == POST_ONLY or kind == FOK):
                reason = self._refused_by_book(command)
        if reason:
            return [Rejected(seq, order_id, reason)]
        self.seen.add(order_id)
        results: list = [Accepted(seq, order_id)]
        self._match(order_id, command.enterprise, side, kind, price, quantity, seq, command.time, results)
        return results

    def _refused_by_book(self, command: NewOrder) -> str | None:
        """Why a post-only or FOK order may not enter as the book stands, or None."""
        opposite = self.asks if command.side == BUY else self.bids
        best = opposite.best()
        if command.kind == POST_ONLY and best and _reaches(command.side, command.price, best.price):
            return WOULD_TAKE_LIQUIDITY
        if command.kind == FOK and self._reachable(command, opposite) < command.quantity:
            return FOK_UNFILLABLE
        return None

    def _reachable(self, command: NewOrder, opposite: BookSide) -> int:
        """What an order could fill now, stopping at its limit or at its own enterprise's order."""
        total = 0
        for level in opposite.in_priority():
            if not _reaches(command.side, command.price, level.price):
                break
            for order in level.live():
                if order.enterprise == command.enterprise:
                    return total
                total += order.remaining
                if total >= command.quantity:
                    return total
        return total

    def _match(self, order_id: str, enterprise: str, side: str, kind: str, price: int, remaining: int,
               seq: int, time: int, results: list) -> None:
        """Trades an incoming order against the opposite side, then rests or cancels what is left.

        The opposite side's keys are its prices times its sign, best last; in those terms an
        incoming order reaches a level exactly when the level's key is at least `price * sign`.
        """
        buying = side == BUY
        opposite = self.asks if buying else self.bids
        keys, levels, sign = opposite.keys, opposite.levels, opposite.sign
        reach = price * sign
        orders = self.orders
        append = results.append
        trades = self.trades
        stopped_by_self = False
        while remaining and keys and keys[-1] >= reach:
            level_price = keys[-1] * sign
            level = levels[level_price]
            queue = level.orders
            while True:
                resting = queue[0]
                available = resting.remaining
                if not available:
                    queue.popleft()
                    continue
                if resting.enterprise == enterprise:
                    stopped_by_self = True
                    break
                quantity = available if available < remaining else remaining
                trades += 1
                if buying:
                    append(Trade(seq, time, trades, order_id, resting.order_id, level_price, quantity, side,
                                 enterprise, resting.enterprise))
                else:
                    append(Trade(seq, time, trades, resting.order_id, order_id, level_price, quantity, side,
                                 resting.enterprise, enterprise))
                remaining -= quantity
                resting.remaining = available - quantity
                level.quantity -= quantity
                if quantity == available:
                    queue.popleft()
                    del orders[resting.order_id]
                    level.count -= 1
                    if not level.count:  # the best level is gone: the next key is the new best
                        del levels[level_price]
                        keys.pop()
                        break
                if not remaining:
                    break
            if stopped_by_self:
                break
        self.trades = trades
        if not remaining:
            return
        if stopped_by_self:
            append(Cancelled(seq, order_id, remaining, SELF_TRADE_PREVENTED))
        elif kind in _NEVER_REST:
            append(Cancelled(seq, order_id, remaining, UNFILLED_REMAINDER))
        else:
            order = Order(order_id, enterprise, side, kind, price, remaining, time)
            (self.bids if buying else self.asks).add(order)
            orders[order_id] = order
            append(Rested(seq, order_id, side, price, remaining))

    def _cancel(self, command: Cancel) -> list:
        order = self.orders.pop(command.order_id, None)
        if order is None:
            return [Rejected(command.seq, command.order_id, UNKNOWN_ORDER)]
        remaining = order.remaining
        (self.bids if order.side == BUY else self.asks).withdraw(order)
        return [Cancelled(command.seq, order.order_id, remaining, REQUESTED)]

    def _amend(self, command: Amend) -> list:
        """Lowering quantity keeps time priority; a new price or a larger quantity re-queues at the back."""
        order = self.orders.get(command.order_id)
        reason = None
        if order is None:
            reason = UNKNOWN_ORDER
        elif command.quantity <= 0:
            reason = INVALID_QUANTITY
        elif command.price <= 0:
            reason = INVALID_PRICE
        else:
            reason = price_check(command.price, command.time, self.rules)
        if reason is None and order.kind == POST_ONLY and command.price != order.price:
            best = (self.asks if order.side == BUY else self.bids).best()
            if best and _reaches(order.side, command.price, best.price):
                reason = WOULD_TAKE_LIQUIDITY
        if reason:
            return [Rejected(command.seq, command.order_id, reason)]
        side = self._side(order.side)
        previous = order.remaining
        if command.price == order.price and command.quantity <= previous:
            side.levels[order.price].quantity -= previous - command.quantity
            order.remaining = command.quantity
            return [Amended(command.seq, order.order_id, order.price, previous, command.quantity, True)]
        side.withdraw(order)
        del self.orders[order.order_id]
        results: list = [Amended(command.seq, order.order_id, command.price, previous, command.quantity, False)]
        self._match(order.order_id, order.enterprise, order.side, order.kind, command.price, command.quantity,
                    command.seq, command.time, results)
        return results


def replay(commands: Iterable[NewOrder | Cancel | Amend], rules: TradingRules | None = None) -> tuple[Book, list]:
    """A fresh book fed the whole command stream, and all its results: after a restart this is the book."""
    book = Book(rules)
    return book, book.run(commands)
