"""Value types flowing in and out of the matching engine.

Units, everywhere in the engine: prices are integer minor units of the instrument's currency
(fen per unit for CNY), so a tick size is a multiple of them and an off-tick price is detectable;
quantities are integer lots (the caller applies the instrument's lot size); times are integers
chosen by the caller (UTC epoch microseconds by convention) and are never read from a clock.
"""
from dataclasses import dataclass
from typing import NamedTuple

BUY = "buy"
SELL = "sell"

LIMIT = "limit"
MARKET = "market"  # price is the protection price: the worst price it may trade at
IOC = "ioc"
FOK = "fok"
POST_ONLY = "post_only"
ORDER_KINDS = (LIMIT, MARKET, IOC, FOK, POST_ONLY)

# Reasons a command is refused; a refused command changes nothing.
OFF_TICK = "off_tick"
OUTSIDE_BAND = "outside_band"
NOT_IN_SESSION = "not_in_session"
WOULD_TAKE_LIQUIDITY = "would_take_liquidity"
FOK_UNFILLABLE = "fok_unfillable"
UNKNOWN_ORDER = "unknown_order"
DUPLICATE_ORDER = "duplicate_order"
INVALID_QUANTITY = "invalid_quantity"
INVALID_PRICE = "invalid_price"
INVALID_ORDER = "invalid_order"

# Reasons an accepted order's open quantity is cancelled.
REQUESTED = "requested"
UNFILLED_REMAINDER = "unfilled_remainder"  # IOC and market orders never rest
SELF_TRADE_PREVENTED = "self_trade_prevented"


# Commands: what the caller asks, each numbered and timed by the caller.

@dataclass(frozen=True, slots=True)
class NewOrder:
    seq: int
    time: int
    order_id: str
    enterprise: str
    side: str
    kind: str
    price: int
    quantity: int


@dataclass(frozen=True, slots=True)
class Cancel:
    seq: int
    time: int
    order_id: str


@dataclass(frozen=True, slots=True)
class Amend:
    """Sets a resting order's price and open quantity (not its original size)."""
    seq: int
    time: int
    order_id: str
    price: int
    quantity: int


# Results: what happened, in order. Replaying the commands yields exactly the same results.
# They are named tuples, not frozen dataclasses: a frozen dataclass sets each field through
# object.__setattr__, which made building results most of the engine's time (docs/performance.md).
# Each kind has its own number of fields, so results of two kinds never compare equal.

class Accepted(NamedTuple):
    seq: int
    order_id: str


class Rejected(NamedTuple):
    seq: int
    order_id: str
    reason: str


class Trade(NamedTuple):
    """One fill, always at the resting order's price."""
    seq: int
    time: int
    number: int
    buy_order_id: str
    sell_order_id: str
    price: int
    quantity: int
    aggressor: str
    buyer: str
    seller: str


class Rested(NamedTuple):
    seq: int
    order_id: str
    side: str
    price: int
    remaining: int


class Cancelled(NamedTuple):
    seq: int
    order_id: str
    remaining: int
    reason: str


class Amended(NamedTuple):
    seq: int
    order_id: str
    price: int
    previous_remaining: int
    remaining: int
    kept_priority: bool


@dataclass(slots=True)
class Order:
    """An order resting in the book; `remaining` reaches 0 when it is filled or withdrawn."""
    order_id: str
    enterprise: str
    side: str
    kind: str
    price: int
    remaining: int
    time: int


@dataclass(frozen=True, slots=True)
class Level:
    """One aggregated price level as shown in market depth."""
    price: int
    quantity: int
    orders: int


@dataclass(frozen=True, slots=True)
class Depth:
    bids: tuple[Level, ...]
    asks: tuple[Level, ...]

    @property
    def best_bid(self) -> int | None:
        return self.bids[0].price if self.bids else None

    @property
    def best_ask(self) -> int | None:
        return self.asks[0].price if self.asks else None
