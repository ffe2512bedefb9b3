"""Order use cases. Each public function is one transaction and writes its audit record in it.

Buying a listing directly takes its stock (the catalog's ``take_stock``, under the listing's row
lock) and its tier price (``catalog.price_for``); cancelling such an order gives the stock back.
A quoted deal is the supplier's own commitment and takes no listed stock.
"""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import or_, select

from marketplace.accounts.lifecycle import may_trade
from marketplace.accounts.services import ensure_may_trade
from marketplace.audit.services import record
from marketplace.catalog import pricing
from marketplace.catalog import services as catalog
from marketplace.catalog.models import Listing
from marketplace.database import lock_for_update, new_public_id, transaction
from marketplace.escrow import services as escrow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.money import Money
from marketplace.orders import lifecycle
from marketplace.orders.labels import status_name
from marketplace.orders.lifecycle import OrderStatus
from marketplace.orders.models import Order, OrderLine, OrderStatusChange
from marketplace.outbox import emit
from marketplace.oversight import gate


def parse_quantity(value, field="quantity"):
    """:return: a positive Decimal with at most three decimals. :raise InvalidInput: otherwise."""
    try:
        quantity = Decimal(str(value))
    except InvalidOperation:
        quantity = None
    if quantity is None or not quantity.is_finite() or quantity <= 0:
        raise InvalidInput(_("The quantity must be a number above zero."),
                           {field: [_("Enter a number above zero.")]})
    if quantity != quantity.quantize(Decimal(1).scaleb(-pricing.QUANTITY_PLACES)):
        raise InvalidInput(_("Quantities have at most three decimals."),
                           {field: [_("Use at most three decimals.")]})
    return quantity


def check_delivery(address, delivery_date):
    """:raise InvalidInput: for a missing address or a delivery date already past (in Binhai's calendar)."""
    errors = {}
    if not (address or "").strip():
        errors["delivery_address"] = [_("Say where the goods are to be delivered.")]
    if delivery_date is not None and delivery_date < shanghai_day():
        errors["delivery_date"] = [_("The delivery date cannot be in the past.")]
    if errors:
        raise InvalidInput(_("Some fields are not valid."), errors)


# --- placing -------------------------------------------------------------------------------------

def buy_listing(user, buyer, listing_public_id, quantity, delivery_address, delivery_date=None, note=""):
    """Order a published product at its tier price for that quantity, taking the stock with it.

    Two buyers of the last stock queue on the listing's row lock (in ``catalog.take_stock``): the
    second finds too little left, and its order is not written.
    :raise InvalidInput: below the minimum order quantity, own listing, bad delivery details.
    :raise OutOfStock: when less is left than ordered.
    """
    ensure_may_trade(buyer)
    gate.ensure_may_trade(buyer)
    quantity = parse_quantity(quantity)
    check_delivery(delivery_address, delivery_date)
    with transaction() as session:
        listing = purchasable_listing(listing_public_id)
        if listing.enterprise_id == buyer.id:
            raise InvalidInput(_("An enterprise cannot buy its own listing."),
                               {"listing": [_("This listing is your own enterprise's.")]})
        price = catalog.price_for(listing, quantity)
        if price is None:
            raise InvalidInput(_("This listing has no price for that quantity; send an inquiry instead."),
                               {"quantity": [_("No price tier covers this quantity.")]})
        unit_price, total = price
        # The listing's row lock comes first, before the order line's foreign key and the audit head
        # are touched: taken in the other order, two buyers would deadlock.
        public_id = new_public_id("ord")
        catalog.take_stock(listing, quantity, f"order {public_id}")
        order = Order(public_id=public_id, buyer_enterprise_id=buyer.id, seller_enterprise_id=listing.enterprise_id,
                      placed_by_id=user.id, currency=listing.currency, total_minor=total.minor,
                      delivery_address=delivery_address.strip(), delivery_date=delivery_date, note=(note or "").strip())
        order.lines.append(OrderLine(listing_id=listing.id, description=listing.title_zh, quantity=quantity,
                                     unit=listing.unit, unit_price_minor=unit_price.minor,
                                     line_total_minor=total.minor))
        _place(session, order, user, buyer)
    return order


def place_from_quote(user, quote, buyer, description, delivery_address, delivery_date=None, listing_id=None):
    """The order an accepted quote becomes; called by sourcing inside its acceptance transaction."""
    with transaction() as session:
        price = Money(quote.unit_price_minor, quote.currency)
        total = price.times(quote.quantity)
        order = Order(buyer_enterprise_id=buyer.id, seller_enterprise_id=quote.supplier_enterprise_id,
                      placed_by_id=user.id, quote_id=quote.id, currency=quote.currency, total_minor=total.minor,
                      delivery_address=delivery_address, delivery_date=delivery_date, note=quote.terms)
        order.lines.append(OrderLine(listing_id=listing_id, description=description, quantity=quote.quantity,
                                     unit=quote.unit, unit_price_minor=price.minor, line_total_minor=total.minor))
        _place(session, order, user, buyer)
    return order


def _place(session, order, user, buyer):
    session.add(order)
    session.flush()
    session.add(OrderStatusChange(order_id=order.id, from_status=None, to_status=OrderStatus.PLACED,
                                  changed_by_id=user.id))
    record("order.placed", actor=user.public_id, enterprise=buyer.public_id, target=order.public_id,
           after={"seller": order.seller.public_id, "total_minor": order.total_minor, "currency": order.currency,
                  "quote": order.quote.public_id if order.quote else None,
                  "lines": [{"description": line.description, "quantity": str(line.quantity), "unit": line.unit,
                             "unit_price_minor": line.unit_price_minor} for line in order.lines]})


# --- moving ----------------------------------------------------------------------------------------

def confirm(user, seller, order_public_id):
    """The seller accepts the order; it then waits for payment at once (see ``await_payment``)."""
    ensure_may_trade(seller)
    gate.ensure_may_trade(seller)
    with transaction() as session:
        order = _locked(session, seller, order_public_id)
        if order.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller confirms an order."))
        _move(session, order, OrderStatus.CONFIRMED, user, seller)
        await_payment(order, user)
    return order


def await_payment(order, user):
    """The one point where an order starts waiting for the buyer's money: its escrow opens with it."""
    _move(db.session, order, OrderStatus.AWAITING_PAYMENT, user, order.seller)
    escrow.open_for_order(order)
    emit("order.awaiting_payment", "order", order.public_id, order.version,
         {"buyer": order.buyer.public_id, "seller": order.seller.public_id,
          "total_minor": order.total_minor, "currency": order.currency})


def cancel(user, enterprise, order_public_id, reason):
    """Either side walks away before shipment, saying why; stock a direct purchase took is given back.

    Once the order awaits payment its escrow decides (and refunds what was paid), then tells the
    order through ``settlement_moved``.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the order is cancelled; the other side will read it."),
                           {"reason": [_("Give a reason.")]})
    if escrow.escrow_of(order_for(enterprise, order_public_id).public_id) is not None:
        escrow.cancel(user, enterprise, order_public_id, reason)
        return order_for(enterprise, order_public_id)
    with transaction() as session:
        order = _locked(session, enterprise, order_public_id)
        _cancel(session, order, user, enterprise, reason, by=enterprise)
    return order


def _cancel(session, order, user, enterprise, reason, by=None):
    """``by`` is the side that called it off, when the order knows (a cancelled escrow's own event names it)."""
    _check_move(order, OrderStatus.CANCELLED)
    if order.quote_id is None:  # listings' row locks before the audit head's, as when buying
        for line in order.lines:
            catalog.return_stock(line.listing, line.quantity, f"order {order.public_id} cancelled")
    _move(session, order, OrderStatus.CANCELLED, user, enterprise, reason)
    emit("order.cancelled", "order", order.public_id, order.version,
         {"reason": reason, "buyer": order.buyer.public_id, "seller": order.seller.public_id}
         | ({"by": by.public_id} if by is not None else {}))


def settlement_moved(order_id, escrow_status, actor, reason=""):
    """The order follows its escrow (called by ``marketplace.escrow`` inside its transaction)."""
    target = lifecycle.FOLLOWS_ESCROW.get(escrow_status)
    if target is None:
        return
    order = db.session.scalar(lock_for_update(select(Order).where(Order.id == order_id))
                              .execution_options(populate_existing=True))
    if target == OrderStatus.CANCELLED:
        _cancel(db.session, order, actor, order.seller, reason)
    else:
        _move(db.session, order, target, actor, order.seller, reason)


def _locked(session, enterprise, public_id):
    order = session.scalar(lock_for_update(select(Order).where(
        Order.public_id == public_id,
        or_(Order.buyer_enterprise_id == enterprise.id, Order.seller_enterprise_id == enterprise.id)))
        .execution_options(populate_existing=True))
    if order is None:
        raise NotFound(_("No such order."))
    return order


def _check_move(order, target):
    """:raise InvalidInput: naming the current status when the machine refuses the move."""
    try:
        lifecycle.check_move(order.status, target)
    except lifecycle.IllegalMove:
        raise InvalidInput(_("This order cannot go from “%(status)s” to “%(target)s”.",
                             status=status_name(order.status), target=status_name(target))) from None


def _move(session, order, target, user, enterprise, reason=""):
    """Change the status, with its history row and audit record. :raise InvalidInput: see ``_check_move``."""
    _check_move(order, target)
    before = order.status
    order.status = target
    order.version += 1
    session.add(OrderStatusChange(order_id=order.id, from_status=before, to_status=target, reason=reason,
                                  changed_by_id=user.id if user else None))
    record(f"order.{target}", actor=user.public_id if user else "system", enterprise=enterprise.public_id,
           target=order.public_id,
           before={"status": before}, after={"status": target, "reason": reason} if reason else {"status": target})


# --- reading ---------------------------------------------------------------------------------------

def orders_statement(enterprise, side=None):
    """Orders where ``enterprise`` buys (``side="buying"``), sells (``"selling"``) or either."""
    sides = {"buying": Order.buyer_enterprise_id == enterprise.id,
             "selling": Order.seller_enterprise_id == enterprise.id}
    condition = sides.get(side) if side else or_(*sides.values())
    return select(Order).where(condition)


def orders_of(enterprise, side=None):
    statement = orders_statement(enterprise, side).order_by(Order.created_at.desc(), Order.id.desc())
    return db.session.scalars(statement).all()


def order_for(enterprise, public_id):
    """:raise NotFound: unless ``enterprise`` is the buyer or the seller."""
    order = db.session.scalar(select(Order).where(
        Order.public_id == public_id,
        or_(Order.buyer_enterprise_id == enterprise.id, Order.seller_enterprise_id == enterprise.id)))
    if order is None:
        raise NotFound(_("No such order."))
    return order


def purchasable_listing(public_id):
    """The product a buy-now form is about. :raise NotFound: unless published by a verified enterprise."""
    listing = db.session.scalar(select(Listing).where(
        Listing.public_id == public_id, Listing.kind == "product", Listing.status == "published"))
    if listing is None or not may_trade(listing.enterprise.status):
        raise NotFound(_("This product is not for sale."))
    return listing
