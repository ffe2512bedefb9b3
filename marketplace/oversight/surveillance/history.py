"""The market of a period as surveillance sees it, built from stored rows: events and their context.

Book commands and trades are merged in time so every order event carries what was left open after
it (an order placed before the period starts from its command's size when first seen). Contracts
and catalog orders become deals, captured payments money in and refunds money out, shipment
pick-ups and deliveries and escrow receipts movements, auction bids bids. The same records come out of a backtest and the live path, so a
detector judges both alike.
"""
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType

from marketplace.i18n import SHANGHAI
from marketplace.oversight.groups import services as groups
from marketplace.oversight.surveillance import sources
from marketplace.oversight.surveillance.events import (
    BidEvent, Context, DealEvent, MovementEvent, OrderEvent, PaymentEvent, Session, TradeEvent,
)

MOVEMENT_KINDS = {"picked_up": "picked_up", "in_transit": "picked_up", "delivered": "delivered"}
RECEIPT_KINDS = {"rfid": "rfid_read", "buyer": "confirmed"}


def market_events(start, end, floor=None):
    """Every market event of ``[start, end)`` (on ``floor`` when given; money and movements always), in time order."""
    events = [*_book_events(start, end, floor), *_deal_events(start, end, floor), *_bid_events(start, end, floor)]
    events += [_payment(row) for row in sources.payments(start, end)]
    events += [_payment(row, row.succeeded_at, "out") for row in sources.refunds(start, end)]
    events += [MovementEvent(at=row.occurred_at, reference=row.reference, kind=MOVEMENT_KINDS[row.to_status])
               for row in sources.movements(start, end)]
    events += [MovementEvent(at=row.delivered_at, reference=row.reference, kind=RECEIPT_KINDS.get(row.source, "confirmed"))
               for row in sources.deliveries(start, end)]
    return tuple(sorted(events, key=lambda event: event.at))


def context_for(events, start, end, floor=None):
    """Control groups, related groups, reference prices, sessions and names the events need."""
    group_of, related = groups.market_context_groups()
    return Context(groups=MappingProxyType(dict(group_of)),
                   related=MappingProxyType({key: frozenset(value) for key, value in related.items()}),
                   reference_prices=MappingProxyType(sources.reference_prices(_instrument_days(events))),
                   sessions=tuple(_sessions(start, end, floor)),
                   names=MappingProxyType(sources.enterprise_names(_enterprises(events))))


def load(start, end, floor=None):
    """``(events, context)`` of the period, ready for ``detect``."""
    events = market_events(start, end, floor)
    return events, context_for(events, start, end, floor)


def _book_events(start, end, floor):
    commands = [(_from_us(row.time_us), 0, row) for row in sources.book_commands(start, end, floor)]
    fills = [(row.executed_at, 1, row) for row in sources.trades(start, end, floor)]
    remaining, events = {}, []
    for _at, kind, row in sorted(commands + fills, key=lambda item: (item[0], item[1])):
        if kind == 0:
            events.append(_order_event(row, remaining))
        else:
            events += [*_fill_events(row, remaining), _trade(row)]
    return events


def _order_event(row, remaining):
    lot = Decimal(row.lot_size)
    asked = Decimal(row.quantity_lots or 0) * lot
    before = remaining.get(row.order_public_id, asked)
    quantity, left = {"new": (asked, asked), "cancel": (before, Decimal(0)), "amend": (asked, asked)}[row.action]
    remaining[row.order_public_id] = left
    return OrderEvent(at=_from_us(row.time_us), floor=row.floor, instrument=row.instrument, order=row.order_public_id,
                      enterprise=row.enterprise, action=row.action, side=row.side or row.order_side,
                      price_minor=row.price_minor if row.price_minor is not None else row.order_price,
                      quantity=quantity, remaining=left, unit=row.unit, currency=row.currency)


def _fill_events(row, remaining):
    for side, order, enterprise in (("buy", row.buy_order, row.buyer), ("sell", row.sell_order, row.seller)):
        left = max(remaining.get(order, Decimal(row.quantity)) - Decimal(row.quantity), Decimal(0))
        remaining[order] = left
        yield OrderEvent(at=row.executed_at, floor=row.floor, instrument=row.instrument, order=order,
                         enterprise=enterprise, action="fill", side=side, price_minor=row.price_minor,
                         quantity=Decimal(row.quantity), remaining=left, unit=row.unit, currency=row.currency)


def _trade(row):
    return TradeEvent(at=row.executed_at, floor=row.floor, instrument=row.instrument, trade=row.public_id,
                      buyer=row.buyer, seller=row.seller, buy_order=row.buy_order, sell_order=row.sell_order,
                      price_minor=row.price_minor, quantity=Decimal(row.quantity), unit=row.unit,
                      currency=row.currency, aggressor=row.aggressor)


def _deal_events(start, end, floor):
    deals = [DealEvent(at=row.created_at, floor=row.floor, reference=row.public_id, source=row.source, buyer=row.buyer,
                       seller=row.seller, commodity=row.instrument or row.floor, quantity=Decimal(row.quantity),
                       unit=row.unit, amount_minor=row.amount_minor, currency=row.currency)
             for row in sources.contracts(start, end, floor)]
    if floor in (None, "catalog"):
        deals += _catalog_deals(start, end)
    return deals


def _catalog_deals(start, end):
    orders = sources.catalog_orders(start, end)
    first_lines = {}
    for line in sources.order_lines([row.id for row in orders]):
        first_lines.setdefault(line.order_id, line)
    deals = []
    for row in orders:
        line = first_lines.get(row.id)
        deals.append(DealEvent(
            at=row.created_at, floor="catalog", reference=row.public_id, source="catalog", buyer=row.buyer,
            seller=row.seller, commodity=(line.category if line is not None and line.category else "catalog"),
            quantity=Decimal(line.quantity) if line is not None else Decimal(0), unit=line.unit if line is not None else "",
            amount_minor=row.total_minor, currency=row.currency))
    return deals


def _payment(row, at=None, direction="in"):
    """A captured payment (in), or with ``direction`` "out" a refund going back to the buyer."""
    return PaymentEvent(at=at or row.captured_at, reference=row.reference, payer=row.payer, payee=row.payee,
                        amount_minor=row.amount_minor, currency=row.currency, account=row.payment_method_id or "",
                        direction=direction)


def _bid_events(start, end, floor):
    return [BidEvent(at=row.placed_at, floor=row.floor, auction=row.auction, auction_kind=row.kind, owner=row.owner,
                     enterprise=row.enterprise, price_minor=row.price_minor, quantity=Decimal(row.quantity),
                     unit=row.unit, currency=row.currency, won=row.won)
            for row in sources.bids(start, end, floor)]


def _from_us(time_us):
    return datetime.fromtimestamp(time_us / 1_000_000, tz=timezone.utc)


def _instrument_days(events):
    return {(event.instrument, event.at.astimezone(SHANGHAI).date())
            for event in events if isinstance(event, (OrderEvent, TradeEvent))}


def _enterprises(events):
    names = set()
    for event in events:
        for attribute in ("enterprise", "buyer", "seller", "payer", "payee", "owner"):
            value = getattr(event, attribute, None)
            if value:
                names.add(value)
    return names


def _sessions(start, end, floor):
    """Each floor's trading sessions on every trading day the period touches (UTC instants)."""
    first, last = start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI).date()
    for code, windows, calendar in sources.floor_calendars(floor):
        day = first
        while day <= last:
            for window in windows if calendar.is_trading_day(day) else ():
                yield Session(floor=code, day=day, opens_at=_instant(day, window["opens"]),
                              closes_at=_instant(day, window["closes"]))
            day += timedelta(days=1)


def _instant(day, clock):
    hours, minutes = (int(part) for part in clock.split(":"))
    return (datetime.combine(day, time(), SHANGHAI) + timedelta(hours=hours, minutes=minutes)).astimezone(timezone.utc)
