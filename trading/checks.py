"""Trading rules an order must meet before it may enter the book: session, tick, lot and price band.

Pure functions, so the engine and the pre-trade check layer apply the very same rules.
Prices are integer minor units, quantities integer lots or Decimal base units, times integers.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from trading.orders import NOT_IN_SESSION, OFF_TICK, OUTSIDE_BAND


@dataclass(frozen=True, slots=True)
class PriceBand:
    """The daily band: prices from `low` to `high` inclusive, both on the tick."""
    low: int
    high: int

    @classmethod
    def around(cls, reference: int, percent: int | Decimal, tick: int) -> "PriceBand":
        """Reference price ± percent, narrowed inward to the nearest ticks (never widened)."""
        width = Fraction(reference) * Fraction(percent) / 100
        low = -((-(reference - width)) // tick) * tick  # ceil to the tick
        high = ((reference + width) // tick) * tick  # floor to the tick
        return cls(int(low), int(high))


@dataclass(frozen=True, slots=True)
class Session:
    """A continuous trading window [opens, closes)."""
    opens: int
    closes: int


@dataclass(frozen=True, slots=True)
class TradingRules:
    """What one instrument's book enforces; `None` band or sessions means no such limit."""
    tick: int = 1
    band: PriceBand | None = None
    sessions: tuple[Session, ...] | None = None


def on_tick(price: int, tick: int) -> bool:
    return price % tick == 0


def within_band(price: int, band: PriceBand | None) -> bool:
    return band is None or band.low <= price <= band.high


def in_session(time: int, sessions: tuple[Session, ...] | None) -> bool:
    return sessions is None or any(s.opens <= time < s.closes for s in sessions)


def whole_lots(quantity: Decimal, lot_size: Decimal) -> int | None:
    """The number of lots in `quantity`, or None when it is not a positive whole number of lots."""
    lots, rest = divmod(quantity, lot_size)
    return int(lots) if rest == 0 and lots > 0 else None


def price_check(price: int, time: int, rules: TradingRules) -> str | None:
    """The first rule a price at a time breaks (session, then tick, then band), or None."""
    if not in_session(time, rules.sessions):
        return NOT_IN_SESSION
    if not on_tick(price, rules.tick):
        return OFF_TICK
    if not within_band(price, rules.band):
        return OUTSIDE_BAND
    return None


def settlement_price(turnover: int, lots: int, tick: int) -> int:
    """A day's settlement price: its volume-weighted average (turnover = Σ price × lots), half-up to the tick."""
    ticks = (Decimal(turnover) / Decimal(lots * tick)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(ticks) * tick
