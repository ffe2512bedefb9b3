"""Read-only reads of the trading, commerce, payment and logistics tables a regulator searches.

One statement per kind of transaction, filtered by enterprise (either side), floor, instrument,
period and amount; ``describe`` turns a page of rows into the one shape every kind is shown in.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import or_, select

from logistics.shipments.models import Shipment
from marketplace.accounts.models import Enterprise
from marketplace.escrow.models import Escrow
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.oversight.transactions.filters import minor_bounds, period_bounds
from marketplace.payments.models import Payment
from trading.book.models import FloorOrder, Trade
from trading.contracts.models import Contract
from trading.floors.models import Floor, Instrument


@dataclass(frozen=True)
class Scope:
    """The search's names resolved to row ids (None: not filtered)."""

    enterprise_id: int | None = None
    floor_id: int | None = None
    instrument_id: int | None = None
    enterprise: str | None = None  # the enterprise's public id, for the access log


@dataclass(frozen=True)
class Row:
    """One transaction of any kind, as the search lists it and the CSV writes it."""

    kind: str
    reference: str
    at: datetime
    floor: str
    instrument: str
    buyer: str
    seller: str
    quantity: Decimal | None
    unit: str
    amount_minor: int | None
    currency: str
    status: str
    side: str = ""


def enterprise_named(identifier):
    """The enterprise with this public id or unified social credit code, or None."""
    text = (identifier or "").strip()
    return db.session.scalar(select(Enterprise).where(or_(Enterprise.public_id == text,
                                                          Enterprise.credit_code == text.upper())))


def floor_id(code):
    return db.session.scalar(select(Floor.id).where(Floor.code == code))


def instrument_id(code):
    return db.session.scalar(select(Instrument.id).where(Instrument.code == code))


def floor_codes():
    return db.session.scalars(select(Floor.code).order_by(Floor.position, Floor.code)).all()


# --- one statement per kind -----------------------------------------------------------------------

def _on_instrument(statement, model, scope):
    statement = statement.join(Instrument, Instrument.id == model.instrument_id).join(Floor, Floor.id == Instrument.floor_id)
    if scope.floor_id:
        statement = statement.where(Floor.id == scope.floor_id)
    if scope.instrument_id:
        statement = statement.where(Instrument.id == scope.instrument_id)
    return statement


def _filtered(statement, *, at, amount, currency, parties, search, scope):
    since, until = period_bounds(search.start, search.end)
    if since:
        statement = statement.where(at >= since)
    if until:
        statement = statement.where(at < until)
    if scope.enterprise_id:
        statement = statement.where(or_(*(party == scope.enterprise_id for party in parties)))
    low, high = minor_bounds(search)
    if amount is not None and (low is not None or high is not None):
        statement = statement.where(currency == search.currency)
        if low is not None:
            statement = statement.where(amount >= low)
        if high is not None:
            statement = statement.where(amount <= high)
    return statement


def floor_orders(search, scope):
    statement = _on_instrument(select(FloorOrder), FloorOrder, scope)
    return _filtered(statement, at=FloorOrder.created_at, currency=Floor.currency,
                     amount=FloorOrder.price_minor * FloorOrder.quantity_lots * FloorOrder.lot_size,
                     parties=(FloorOrder.enterprise_id,), search=search, scope=scope)


def trades(search, scope):
    statement = _on_instrument(select(Trade), Trade, scope)
    return _filtered(statement, at=Trade.executed_at, currency=Floor.currency, amount=Trade.price_minor * Trade.quantity,
                     parties=(Trade.buyer_enterprise_id, Trade.seller_enterprise_id), search=search, scope=scope)


def contracts(search, scope):
    statement = select(Contract)
    if scope.floor_id:
        statement = statement.where(Contract.floor_id == scope.floor_id)
    if scope.instrument_id:
        statement = statement.where(Contract.instrument_id == scope.instrument_id)
    return _filtered(statement, at=Contract.created_at, currency=Contract.currency, amount=Contract.amount_minor,
                     parties=(Contract.buyer_enterprise_id, Contract.seller_enterprise_id), search=search, scope=scope)


def catalog_orders(search, scope):
    return _filtered(select(Order), at=Order.created_at, currency=Order.currency, amount=Order.total_minor,
                     parties=(Order.buyer_enterprise_id, Order.seller_enterprise_id), search=search, scope=scope)


def payments(search, scope):
    statement = select(Payment).join(Escrow, Escrow.id == Payment.escrow_id)
    return _filtered(statement, at=Payment.created_at, currency=Payment.currency, amount=Payment.amount_minor,
                     parties=(Payment.payer_enterprise_id, Escrow.seller_enterprise_id), search=search, scope=scope)


def shipments(search, scope):
    return _filtered(select(Shipment), at=Shipment.created_at, currency=None, amount=None,
                     parties=(Shipment.buyer_enterprise_id, Shipment.seller_enterprise_id,
                              Shipment.carrier_enterprise_id), search=search, scope=scope)


STATEMENTS = {"floor_order": (floor_orders, FloorOrder.id), "trade": (trades, Trade.id),
              "contract": (contracts, Contract.id), "catalog_order": (catalog_orders, Order.id),
              "payment": (payments, Payment.id), "shipment": (shipments, Shipment.id)}


# --- one shape for every kind ---------------------------------------------------------------------

def _lookup(columns, key, ids):
    ids = sorted({i for i in ids if i is not None})
    if not ids:
        return {}
    return {row[0]: row[1:] for row in db.session.execute(select(*columns).where(key.in_(ids)))}


def _enterprises(ids):
    return {key: value[0] for key, value in _lookup((Enterprise.id, Enterprise.public_id), Enterprise.id, ids).items()}


def _instruments(ids):
    """Instrument id → (code, floor code, unit, currency)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = db.session.execute(select(Instrument.id, Instrument.code, Floor.code, Floor.unit, Floor.currency)
                              .join(Floor, Floor.id == Instrument.floor_id).where(Instrument.id.in_(ids)))
    return {row[0]: row[1:] for row in rows}


def _floors(ids):
    return _lookup((Floor.id, Floor.code), Floor.id, ids)


def describe(kind, rows):
    """The page's rows as ``Row``s, with enterprises, floors and instruments named by their public codes."""
    return _DESCRIBE[kind](rows)


def _describe_floor_orders(rows):
    names = _enterprises(r.enterprise_id for r in rows)
    instruments = _instruments([r.instrument_id for r in rows])
    out = []
    for r in rows:
        code, floor, unit, currency = instruments[r.instrument_id]
        quantity = r.lot_size * r.quantity_lots
        mine = names[r.enterprise_id]
        out.append(Row("floor_order", r.public_id, r.created_at, floor, code, mine if r.side == "buy" else "",
                       mine if r.side == "sell" else "", quantity, unit, int(r.price_minor * quantity), currency,
                       r.status, side=r.side))
    return out


def _describe_trades(rows):
    names = _enterprises([r.buyer_enterprise_id for r in rows] + [r.seller_enterprise_id for r in rows])
    instruments = _instruments([r.instrument_id for r in rows])
    out = []
    for r in rows:
        code, floor, unit, currency = instruments[r.instrument_id]
        out.append(Row("trade", r.public_id, r.executed_at, floor, code, names[r.buyer_enterprise_id],
                       names[r.seller_enterprise_id], r.quantity, unit, int(r.price_minor * r.quantity), currency,
                       "executed", side=r.aggressor))
    return out


def _describe_contracts(rows):
    names = _enterprises([r.buyer_enterprise_id for r in rows] + [r.seller_enterprise_id for r in rows])
    instruments = _instruments([r.instrument_id for r in rows if r.instrument_id])
    floors = _floors([r.floor_id for r in rows])
    return [Row("contract", r.public_id, r.created_at, floors[r.floor_id][0],
                instruments[r.instrument_id][0] if r.instrument_id else "", names[r.buyer_enterprise_id],
                names[r.seller_enterprise_id], r.quantity, r.unit, r.amount_minor, r.currency, r.status)
            for r in rows]


def _describe_catalog_orders(rows):
    names = _enterprises([r.buyer_enterprise_id for r in rows] + [r.seller_enterprise_id for r in rows])
    return [Row("catalog_order", r.public_id, r.created_at, "", "", names[r.buyer_enterprise_id],
                names[r.seller_enterprise_id], None, "", r.total_minor, r.currency, r.status) for r in rows]


def _describe_payments(rows):
    sellers = {key: value[0] for key, value in _lookup((Escrow.id, Escrow.seller_enterprise_id), Escrow.id,
                                                       [r.escrow_id for r in rows]).items()}
    names = _enterprises([r.payer_enterprise_id for r in rows] + list(sellers.values()))
    return [Row("payment", r.public_id, r.created_at, "", "", names[r.payer_enterprise_id],
                names.get(sellers.get(r.escrow_id), ""), None, "", r.amount_minor, r.currency, r.status)
            for r in rows]


def _describe_shipments(rows):
    names = _enterprises([r.buyer_enterprise_id for r in rows] + [r.seller_enterprise_id for r in rows])
    return [Row("shipment", r.public_id, r.created_at, "", "", names[r.buyer_enterprise_id],
                names[r.seller_enterprise_id], r.quantity, r.unit, None, "", r.status) for r in rows]


_DESCRIBE = {"floor_order": _describe_floor_orders, "trade": _describe_trades, "contract": _describe_contracts,
             "catalog_order": _describe_catalog_orders, "payment": _describe_payments,
             "shipment": _describe_shipments}
