"""Read-only queries behind the market dashboards: trades, floor orders and floor listings of one floor
between two moments, and the platform's catalog orders, catalog listings and enterprises, aggregated
per Shanghai day inside the database.

Nothing here writes; the functions of a period take its UTC bounds ``[since, until)``.
"""
from datetime import date

from sqlalchemy import func, or_, select, union

from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.orders.models import Order
from trading.book.models import FloorOrder, Trade
from trading.floors.models import Instrument
from trading.listings.models import FloorListing

TRADE_ROWS_LIMIT = 500
VERIFIED = "verified"


def _shanghai_day(column):
    """The Asia/Shanghai calendar day of a stored UTC time, computed by the database (UTC+8 all year)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", column))
    return func.date(column, "+8 hours")


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


def daily_trades(floor_id, since, until):
    """``{day: (trades, volume in the floor's unit, turnover in minor units)}`` for days with trades."""
    day = _shanghai_day(Trade.executed_at).label("day")
    statement = (select(day, func.count(Trade.id), func.sum(Trade.quantity),
                        func.sum(Trade.price_minor * Trade.quantity))
                 .join(Instrument, Instrument.id == Trade.instrument_id)
                 .where(Instrument.floor_id == floor_id, Trade.executed_at >= since, Trade.executed_at < until)
                 .group_by(day))
    return {_as_date(row[0]): (row[1], row[2], row[3]) for row in db.session.execute(statement)}


def daily_orders(floor_id, since, until):
    """``{day: floor orders placed}`` for days with orders."""
    day = _shanghai_day(FloorOrder.created_at).label("day")
    statement = (select(day, func.count(FloorOrder.id)).join(Instrument, Instrument.id == FloorOrder.instrument_id)
                 .where(Instrument.floor_id == floor_id, FloorOrder.created_at >= since, FloorOrder.created_at < until)
                 .group_by(day))
    return {_as_date(found): count for found, count in db.session.execute(statement)}


def daily_listings(floor_id, since, until):
    """``{day: floor listings opened}`` for days with new listings."""
    day = _shanghai_day(FloorListing.created_at).label("day")
    statement = (select(day, func.count(FloorListing.id))
                 .where(FloorListing.floor_id == floor_id, FloorListing.created_at >= since,
                        FloorListing.created_at < until)
                 .group_by(day))
    return {_as_date(found): count for found, count in db.session.execute(statement)}


def active_enterprise_days(floor_id, since, until):
    """Distinct ``(day, enterprise id)`` pairs of enterprises that placed an order or opened a listing."""
    order_day = _shanghai_day(FloorOrder.created_at)
    listing_day = _shanghai_day(FloorListing.created_at)
    orders = (select(order_day.label("day"), FloorOrder.enterprise_id.label("enterprise_id"))
              .join(Instrument, Instrument.id == FloorOrder.instrument_id)
              .where(Instrument.floor_id == floor_id, FloorOrder.created_at >= since, FloorOrder.created_at < until))
    listings = (select(listing_day.label("day"), FloorListing.seller_enterprise_id.label("enterprise_id"))
                .where(FloorListing.floor_id == floor_id, FloorListing.created_at >= since,
                       FloorListing.created_at < until))
    return {(_as_date(day), enterprise_id) for day, enterprise_id in db.session.execute(union(orders, listings))}


def instrument_totals(floor_id, since, until):
    """Per instrument of the floor with trades: ``(instrument, trades, volume, turnover minor)``, busiest first."""
    turnover = func.sum(Trade.price_minor * Trade.quantity)
    statement = (select(Instrument, func.count(Trade.id), func.sum(Trade.quantity), turnover)
                 .join(Trade, Trade.instrument_id == Instrument.id)
                 .where(Instrument.floor_id == floor_id, Trade.executed_at >= since, Trade.executed_at < until)
                 .group_by(Instrument.id).order_by(turnover.desc(), Instrument.code))
    return db.session.execute(statement).all()


def instrument_order_counts(floor_id, since, until):
    """``{instrument id: floor orders placed}``."""
    statement = (select(FloorOrder.instrument_id, func.count(FloorOrder.id))
                 .join(Instrument, Instrument.id == FloorOrder.instrument_id)
                 .where(Instrument.floor_id == floor_id, FloorOrder.created_at >= since, FloorOrder.created_at < until)
                 .group_by(FloorOrder.instrument_id))
    return dict(db.session.execute(statement).all())


def enterprise_sides(instrument_id, since, until):
    """Per enterprise and side of the instrument's trades: ``(enterprise id, side, trades, volume, turnover)``."""
    rows = []
    for side, column in (("buy", Trade.buyer_enterprise_id), ("sell", Trade.seller_enterprise_id)):
        statement = (select(column, func.count(Trade.id), func.sum(Trade.quantity),
                            func.sum(Trade.price_minor * Trade.quantity))
                     .where(Trade.instrument_id == instrument_id, Trade.executed_at >= since, Trade.executed_at < until)
                     .group_by(column))
        rows += [(enterprise_id, side, count, volume, turnover)
                 for enterprise_id, count, volume, turnover in db.session.execute(statement)]
    return rows


def enterprises_by_id(ids):
    return {enterprise.id: enterprise
            for enterprise in db.session.scalars(select(Enterprise).where(Enterprise.id.in_(set(ids))))}


def enterprise_by_public_id(public_id):
    return db.session.scalar(select(Enterprise).where(Enterprise.public_id == public_id))


def trades_of(instrument_id, enterprise_id, since, until):
    """The enterprise's trades on the instrument, oldest first, at most ``TRADE_ROWS_LIMIT``."""
    statement = (select(Trade).where(Trade.instrument_id == instrument_id, Trade.executed_at >= since,
                                     Trade.executed_at < until,
                                     or_(Trade.buyer_enterprise_id == enterprise_id,
                                         Trade.seller_enterprise_id == enterprise_id))
                 .order_by(Trade.executed_at, Trade.number).limit(TRADE_ROWS_LIMIT))
    return db.session.scalars(statement).all()



def catalog_orders_daily(since, until):
    """``{day: {currency: (orders, value in minor units)}}`` of catalog orders placed (the platform's
    non-floor trade)."""
    day = _shanghai_day(Order.created_at).label("day")
    statement = (select(day, Order.currency, func.count(Order.id), func.sum(Order.total_minor))
                 .where(Order.created_at >= since, Order.created_at < until).group_by(day, Order.currency))
    days = {}
    for found, currency, count, value in db.session.execute(statement):
        days.setdefault(_as_date(found), {})[currency] = (count, int(value or 0))
    return days


def catalog_listings_daily(since, until):
    """``{day: catalog listings created}``."""
    day = _shanghai_day(Listing.created_at).label("day")
    statement = (select(day, func.count(Listing.id)).where(Listing.created_at >= since, Listing.created_at < until)
                 .group_by(day))
    return {_as_date(found): count for found, count in db.session.execute(statement)}


def enterprises_registered_daily(since, until):
    """``{day: enterprises registered}``."""
    day = _shanghai_day(Enterprise.created_at).label("day")
    statement = (select(day, func.count(Enterprise.id))
                 .where(Enterprise.created_at >= since, Enterprise.created_at < until).group_by(day))
    return {_as_date(found): count for found, count in db.session.execute(statement)}


def verified_enterprises():
    """How many enterprises are verified now."""
    return db.session.scalar(select(func.count(Enterprise.id)).where(Enterprise.status == VERIFIED))
