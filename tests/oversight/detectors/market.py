"""Small builders of market events for detector scenarios: times are seconds after a fixed opening."""
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import MappingProxyType

from marketplace.oversight.surveillance.events import (
    BidEvent, Context, DealEvent, MovementEvent, OrderEvent, PaymentEvent, Session, TradeEvent,
)

OPENING = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
FLOOR, INSTRUMENT = "steel", "RB2605"


def at(seconds):
    return OPENING + timedelta(seconds=seconds)


def order(seconds, order_id, enterprise, action, side, quantity, price=400_000, remaining=None):
    quantity = Decimal(quantity)
    return OrderEvent(at(seconds), FLOOR, INSTRUMENT, order_id, enterprise, action, side, price, quantity,
                      quantity if remaining is None else Decimal(remaining), "t", "CNY")


def trade(seconds, trade_id, buyer, seller, quantity, price=400_000, aggressor="buy", instrument=INSTRUMENT):
    return TradeEvent(at(seconds), FLOOR, instrument, trade_id, buyer, seller, f"{trade_id}-b", f"{trade_id}-s",
                      price, Decimal(quantity), "t", "CNY", aggressor)


def deal(seconds, reference, buyer, seller, quantity, amount_minor, source="listing", commodity="HRC", floor=FLOOR):
    return DealEvent(at(seconds), floor, reference, source, buyer, seller, commodity, Decimal(quantity), "t",
                     amount_minor, "CNY")


def payment(seconds, reference, payer, payee, amount_minor, account="", direction="in"):
    return PaymentEvent(at(seconds), reference, payer, payee, amount_minor, "CNY", account, direction)


def movement(seconds, reference, kind="delivered"):
    return MovementEvent(at(seconds), reference, kind)


def bid(seconds, auction, enterprise, price, won=False, account="", owner="owner", kind="sealed"):
    return BidEvent(at(seconds), FLOOR, auction, kind, owner, enterprise, price, Decimal(100), "t", "CNY", won,
                    account)


def context(groups=None, related=None, reference_prices=None, sessions=()):
    """A context where ``groups`` maps enterprise → group and ``related`` group → related groups."""
    return Context(groups=MappingProxyType(dict(groups or {})),
                   related=MappingProxyType({key: frozenset(value) for key, value in (related or {}).items()}),
                   reference_prices=MappingProxyType(dict(reference_prices or {})), sessions=tuple(sessions))


def session(hours=6):
    return Session(FLOOR, OPENING.date(), OPENING, OPENING + timedelta(hours=hours))
