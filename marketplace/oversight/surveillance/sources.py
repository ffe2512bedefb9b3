"""What surveillance reads of other domains' tables: read-only selects, gathered here and nowhere else.

Each function returns plain rows (named columns) of one period ``[start, end)`` (UTC instants),
optionally of one floor (its code); ``history`` turns them into market events. Nothing here writes.
"""
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from logistics.shipments.models import Shipment, ShipmentStatusChange
from marketplace.accounts.models import Enterprise
from marketplace.catalog.models import Category, Listing
from marketplace.database import transaction
from marketplace.escrow.models import Delivery as EscrowDelivery
from marketplace.escrow.models import Escrow
from marketplace.orders.models import Order, OrderLine
from marketplace.oversight.cases.models import OversightCase
from marketplace.payments.models import Payment, Refund
from trading.auctions.models import Auction, AuctionBid
from trading.book.models import BookCommand, FloorOrder, Trade
from trading.contracts.models import Contract
from trading.floors import services as floor_services
from trading.floors.calendar import TradingCalendar
from trading.floors.models import Floor, Instrument

def _parties():
    """Two aliases of the enterprises table, for a row's buyer (payer) and seller (payee)."""
    return aliased(Enterprise), aliased(Enterprise)


def _rows(statement):
    with transaction() as session:
        return session.execute(statement).all()


def _on_floor(statement, floor):
    return statement if floor is None else statement.where(Floor.code == floor)


def book_commands(start, end, floor=None):
    """Every order command (new, cancel, amend) fed to a book in the period, in sequence, with its floor."""
    start_us, end_us = int(start.timestamp() * 1_000_000), int(end.timestamp() * 1_000_000)
    statement = (select(BookCommand.action, BookCommand.order_public_id, BookCommand.side, BookCommand.price_minor,
                        BookCommand.quantity_lots, BookCommand.time_us, Instrument.code.label("instrument"),
                        Floor.code.label("floor"), Floor.unit, Floor.currency, FloorOrder.lot_size,
                        FloorOrder.side.label("order_side"), FloorOrder.price_minor.label("order_price"),
                        Enterprise.public_id.label("enterprise"))
                 .join(Instrument, Instrument.id == BookCommand.instrument_id).join(Floor, Floor.id == Instrument.floor_id)
                 .join(FloorOrder, FloorOrder.public_id == BookCommand.order_public_id)
                 .join(Enterprise, Enterprise.id == FloorOrder.enterprise_id)
                 .where(BookCommand.time_us >= start_us, BookCommand.time_us < end_us)
                 .order_by(BookCommand.time_us, BookCommand.id))
    return _rows(_on_floor(statement, floor))


def trades(start, end, floor=None):
    BUYER, SELLER = _parties()
    buy, sell = aliased(FloorOrder), aliased(FloorOrder)
    statement = (select(Trade.public_id, Trade.executed_at, Trade.price_minor, Trade.quantity, Trade.quantity_lots,
                        Trade.aggressor, Instrument.code.label("instrument"), Floor.code.label("floor"), Floor.unit,
                        Floor.currency, BUYER.public_id.label("buyer"), SELLER.public_id.label("seller"),
                        buy.public_id.label("buy_order"), sell.public_id.label("sell_order"),
                        buy.remaining_lots.label("buy_remaining"), sell.remaining_lots.label("sell_remaining"),
                        buy.lot_size)
                 .join(Instrument, Instrument.id == Trade.instrument_id).join(Floor, Floor.id == Instrument.floor_id)
                 .join(BUYER, BUYER.id == Trade.buyer_enterprise_id).join(SELLER, SELLER.id == Trade.seller_enterprise_id)
                 .join(buy, buy.id == Trade.buy_order_id).join(sell, sell.id == Trade.sell_order_id)
                 .where(Trade.executed_at >= start, Trade.executed_at < end).order_by(Trade.executed_at, Trade.id))
    return _rows(_on_floor(statement, floor))


def contracts(start, end, floor=None):
    BUYER, SELLER = _parties()
    statement = (select(Contract.public_id, Contract.created_at, Contract.source, Contract.quantity, Contract.unit,
                        Contract.amount_minor, Contract.currency, Floor.code.label("floor"),
                        Instrument.code.label("instrument"), BUYER.public_id.label("buyer"),
                        SELLER.public_id.label("seller"))
                 .join(Floor, Floor.id == Contract.floor_id).outerjoin(Instrument, Instrument.id == Contract.instrument_id)
                 .join(BUYER, BUYER.id == Contract.buyer_enterprise_id).join(SELLER, SELLER.id == Contract.seller_enterprise_id)
                 .where(Contract.created_at >= start, Contract.created_at < end).order_by(Contract.created_at, Contract.id))
    return _rows(_on_floor(statement, floor))


def catalog_orders(start, end):
    """Catalog orders made in the period (their lines come from ``order_lines``)."""
    BUYER, SELLER = _parties()
    statement = (select(Order.id, Order.public_id, Order.created_at, Order.total_minor, Order.currency,
                        BUYER.public_id.label("buyer"), SELLER.public_id.label("seller"))
                 .join(BUYER, BUYER.id == Order.buyer_enterprise_id).join(SELLER, SELLER.id == Order.seller_enterprise_id)
                 .where(Order.created_at >= start, Order.created_at < end).order_by(Order.created_at, Order.id))
    return _rows(statement)


def order_lines(order_ids):
    """The lines of those catalog orders with their listing's category code, by order id."""
    if not order_ids:
        return []
    statement = (select(OrderLine.order_id, OrderLine.quantity, OrderLine.unit, Category.code.label("category"))
                 .outerjoin(Listing, Listing.id == OrderLine.listing_id).outerjoin(Category, Category.id == Listing.category_id)
                 .where(OrderLine.order_id.in_(order_ids)).order_by(OrderLine.id))
    return _rows(statement)


def payments(start, end):
    """Captured payments of the period with the deal they pay (an escrow's order or contract)."""
    BUYER, SELLER = _parties()
    statement = (select(Payment.public_id, Payment.captured_at, Payment.amount_minor, Payment.currency,
                        Payment.payment_method_id, Escrow.payable_public_id.label("reference"),
                        BUYER.public_id.label("payer"), SELLER.public_id.label("payee"))
                 .join(Escrow, Escrow.id == Payment.escrow_id)
                 .join(BUYER, BUYER.id == Payment.payer_enterprise_id).join(SELLER, SELLER.id == Escrow.seller_enterprise_id)
                 .where(Payment.captured_at.is_not(None), Payment.captured_at >= start, Payment.captured_at < end)
                 .order_by(Payment.captured_at, Payment.id))
    return _rows(statement)


def refunds(start, end):
    """Refunds that succeeded in the period: money going back from the seller's side to the payer."""
    BUYER, SELLER = _parties()
    statement = (select(Refund.public_id, Refund.succeeded_at, Refund.amount_minor, Refund.currency,
                        Payment.payment_method_id, Escrow.payable_public_id.label("reference"),
                        BUYER.public_id.label("payee"), SELLER.public_id.label("payer"))
                 .join(Payment, Payment.id == Refund.payment_id).join(Escrow, Escrow.id == Refund.escrow_id)
                 .join(BUYER, BUYER.id == Payment.payer_enterprise_id).join(SELLER, SELLER.id == Escrow.seller_enterprise_id)
                 .where(Refund.status == "succeeded", Refund.succeeded_at >= start, Refund.succeeded_at < end)
                 .order_by(Refund.succeeded_at, Refund.id))
    return _rows(statement)


def deliveries(start, end):
    """Receipts recorded on escrows in the period (by the buyer or by an RFID read), with their deal."""
    statement = (select(Escrow.payable_public_id.label("reference"), EscrowDelivery.source, EscrowDelivery.delivered_at)
                 .join(Escrow, Escrow.id == EscrowDelivery.escrow_id)
                 .where(EscrowDelivery.delivered_at >= start, EscrowDelivery.delivered_at < end)
                 .order_by(EscrowDelivery.delivered_at, EscrowDelivery.id))
    return _rows(statement)


def movements(start, end):
    """Shipments' pick-ups and deliveries in the period, with the deal (order or contract) they carry."""
    statement = (select(Shipment.source_public_id.label("reference"), ShipmentStatusChange.to_status,
                        ShipmentStatusChange.occurred_at)
                 .join(Shipment, Shipment.id == ShipmentStatusChange.shipment_id)
                 .where(ShipmentStatusChange.to_status.in_(("picked_up", "in_transit", "delivered")),
                        and_(ShipmentStatusChange.occurred_at >= start, ShipmentStatusChange.occurred_at < end))
                 .order_by(ShipmentStatusChange.occurred_at, ShipmentStatusChange.id))
    return _rows(statement)


def bids(start, end, floor=None):
    OWNER = aliased(Enterprise)
    statement = (select(AuctionBid.public_id, AuctionBid.placed_at, AuctionBid.price_minor, AuctionBid.won,
                        Auction.public_id.label("auction"), Auction.kind, Auction.quantity, Auction.unit,
                        Auction.currency, Floor.code.label("floor"), OWNER.public_id.label("owner"),
                        Enterprise.public_id.label("enterprise"))
                 .join(Auction, Auction.id == AuctionBid.auction_id).join(Floor, Floor.id == Auction.floor_id)
                 .join(OWNER, OWNER.id == Auction.owner_enterprise_id).join(Enterprise, Enterprise.id == AuctionBid.enterprise_id)
                 .where(AuctionBid.placed_at >= start, AuctionBid.placed_at < end).order_by(AuctionBid.placed_at, AuctionBid.id))
    return _rows(_on_floor(statement, floor))


def enterprises_by_public_id(public_ids):
    with transaction() as session:
        return {row.public_id: row for row in session.scalars(select(Enterprise).where(Enterprise.public_id.in_(list(public_ids))))}


def enterprise_names(public_ids):
    """Public id → (zh name, en name) of those enterprises, for detectors' sentences."""
    statement = select(Enterprise).where(Enterprise.public_id.in_(list(public_ids)))
    with transaction() as session:
        return {row.public_id: (row.name_zh, row.name_en or row.name_zh) for row in session.scalars(statement)}


def case_of(case_id):
    """``(public id, number)`` of the case an alert was filed into, or None."""
    if case_id is None:
        return None
    with transaction() as session:
        row = session.execute(select(OversightCase.public_id, OversightCase.number).where(OversightCase.id == case_id)).first()
        return tuple(row) if row is not None else None


def floor_codes():
    """Codes of every floor, in their display order."""
    with transaction() as session:
        return list(session.scalars(select(Floor.code).order_by(Floor.position, Floor.code)))


def floor_calendars(floor=None):
    """``(floor code, session windows, trading calendar)`` of every active floor (or of ``floor``)."""
    statement = (select(Floor.code, Floor.sessions, Floor.open_weekdays, Floor.closed_on_holidays, Floor.closed_dates)
                 .where(Floor.active.is_(True)).order_by(Floor.position, Floor.code))
    return [(row.code, row.sessions or [], TradingCalendar.from_settings(row.sessions or [], row.open_weekdays or [],
                                                                         row.closed_on_holidays, row.closed_dates or []))
            for row in _rows(_on_floor(statement, floor))]


def reference_prices(instrument_days):
    """(instrument code, Shanghai day) → the floor's reference price that day (trading's own rule)."""
    codes = {code for code, _day in instrument_days}
    if not codes:
        return {}
    with transaction() as session:
        instruments = {row.code: row for row in session.scalars(select(Instrument).where(Instrument.code.in_(codes)))}
        return {(code, day): floor_services.reference_price(instruments[code], day)
                for code, day in instrument_days if code in instruments}
