"""Pre-trade checks: every rule an order must meet before it reaches the book, in one place.

Pure: no Flask, no database. The service gathers the facts (the enterprise, today's terms of the
instrument, the time) and asks ``refusals``; each refusal names its code, the field it concerns
and the numbers a sentence needs. Checks run in ``CHECKS`` order and all of them run, so a form
shows every problem at once. The credit check reads the enterprise's grade terms as the service
found them (``CreditLimit``); a grade's deposit applies later, to the contract (settlement).
"""
import dataclasses
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from trading.checks import PriceBand, on_tick, whole_lots, within_band
from trading.floors.calendar import TradingCalendar
from trading.orders import BUY, ORDER_KINDS, SELL

NOT_VERIFIED = "enterprise_not_verified"
SUSPENDED = "instrument_suspended"
CLOSED = "not_in_session"
BAD_SIDE = "invalid_side"
BAD_KIND = "invalid_kind"
BAD_PRICE = "invalid_price"
OFF_TICK = "off_tick"
OUTSIDE_BAND = "outside_band"
OFF_LOT = "off_lot"
TOO_LARGE = "too_large"
CREDIT_BARRED = "credit_grade_barred"
CREDIT_LIMIT = "credit_open_order_limit"


@dataclass(frozen=True)
class Terms:
    """What one instrument trades by on one trading day."""

    tick: int  # minor units per unit of quantity
    lot_size: Decimal
    max_order_lots: int
    band: PriceBand | None
    calendar: TradingCalendar
    listed: bool = True


@dataclass(frozen=True)
class Ticket:
    """An order as asked: price in minor units (a market order's protection price), quantity in units."""

    side: str
    kind: str
    price: int
    quantity: Decimal


@dataclass(frozen=True)
class CreditLimit:
    """What the enterprise's credit grade allows, and what its open floor orders are worth now (minor units)."""

    grade: str
    may_trade: bool
    max_open_order_minor: int
    open_order_minor: int


@dataclass(frozen=True)
class Trader:
    verified: bool
    credit: CreditLimit | None = None  # None: no credit check (an order that only shrinks)

    def with_order(self, value_minor):
        """The trader once an order worth ``value_minor`` is open too (the next order of a batch sees it)."""
        if self.credit is None:
            return self
        return dataclasses.replace(self, credit=dataclasses.replace(
            self.credit, open_order_minor=self.credit.open_order_minor + value_minor))


@dataclass(frozen=True)
class Refusal:
    code: str
    field: str | None = None  # the input it concerns; None for the order as a whole
    params: dict = dataclasses.field(default_factory=dict)


def _enterprise(ticket, terms, trader, now):
    if not trader.verified:
        yield Refusal(NOT_VERIFIED)


def _credit(ticket, terms, trader, now):
    credit = trader.credit
    if credit is None:
        return
    if not credit.may_trade:
        yield Refusal(CREDIT_BARRED, params={"grade": credit.grade})
        return
    value = value_minor(ticket.price, ticket.quantity)
    if value > 0 and credit.open_order_minor + value > credit.max_open_order_minor:
        yield Refusal(CREDIT_LIMIT, params={"grade": credit.grade, "limit": credit.max_open_order_minor,
                                            "open": credit.open_order_minor, "value": value})


def _instrument(ticket, terms, trader, now):
    if not terms.listed:
        yield Refusal(SUSPENDED)


def _session(ticket, terms, trader, now):
    if not terms.calendar.is_open(now):
        yield Refusal(CLOSED, params={"next_open": terms.calendar.next_open(now)})


def _order_type(ticket, terms, trader, now):
    if ticket.side not in (BUY, SELL):
        yield Refusal(BAD_SIDE, "side")
    if ticket.kind not in ORDER_KINDS:
        yield Refusal(BAD_KIND, "kind")


def _price(ticket, terms, trader, now):
    if ticket.price <= 0:
        yield Refusal(BAD_PRICE, "price")
    elif not on_tick(ticket.price, terms.tick):
        yield Refusal(OFF_TICK, "price", {"tick": terms.tick})
    elif not within_band(ticket.price, terms.band):
        yield Refusal(OUTSIDE_BAND, "price", {"low": terms.band.low, "high": terms.band.high})


def _quantity(ticket, terms, trader, now):
    lots = whole_lots(ticket.quantity, terms.lot_size) if ticket.quantity > 0 else None
    if lots is None:
        yield Refusal(OFF_LOT, "quantity", {"lot_size": terms.lot_size})
    elif lots > terms.max_order_lots:
        yield Refusal(TOO_LARGE, "quantity", {"most": terms.lot_size * terms.max_order_lots})


CHECKS = (_enterprise, _credit, _instrument, _session, _order_type, _price, _quantity)


def refusals(ticket: Ticket, terms: Terms, trader: Trader, now: datetime) -> list[Refusal]:
    """Every rule ``ticket`` breaks; an empty list means it may go to the book."""
    return [refusal for check in CHECKS for refusal in check(ticket, terms, trader, now)]


def protection_price(side: str, band: PriceBand | None, best_opposite: int | None) -> int | None:
    """The worst price a market order may trade at when its sender names none: the band's edge.

    Without a band (an instrument with no reference yet) a market order may not sweep the book
    without limit, so it stops at the best opposite price it found.
    """
    if band is not None:
        return band.high if side == BUY else band.low
    return best_opposite


def value_minor(price: int, quantity: Decimal) -> int:
    """An order's value: price per unit times quantity, to the nearest minor unit (0 for a nonsense ticket)."""
    if price <= 0 or quantity <= 0:
        return 0
    return int((price * Decimal(quantity)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def lots_of(ticket: Ticket, terms: Terms) -> int:
    return whole_lots(ticket.quantity, terms.lot_size)

