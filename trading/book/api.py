"""``/api/v1/trading/orders``: a token places, amends and cancels its enterprise's orders on a floor's book;
``/api/v1/trading/order-batches`` places up to 100 at once.

The token's enterprise (``g.enterprise``) trades; the person who made the token is the one who acts.
Every refusal of the pre-trade checks comes back as 422 naming the field and the rule.
"""
from flask import g
from flask.views import MethodView
from flask_babel import gettext as _
from werkzeug.http import HTTP_STATUS_CODES

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires
from trading.book import services
from trading.book.models import FloorOrder
from trading.book.schemas import (
    BATCH_LIMIT, FloorOrderAmendSchema, FloorOrderBatchInSchema, FloorOrderBatchSchema, FloorOrderInSchema,
    FloorOrderQuery, FloorOrderSchema, FloorOrderWithFillsSchema, price_minor,
)
from trading.floors import services as floors

blp = api_blueprint("trading_api", __name__,
                    "Orders on an instrument's book: place, amend, cancel; fills become contracts.")

_REFUSED = {"schema": ProblemSchema, "description": "Refused by the pre-trade checks (field errors under `errors`): "
                                                    "outside today's price band, off the tick, not a whole number "
                                                    "of lots, outside the session, too large, refused by the "
                                                    "enterprise's credit grade (grade C, or open orders beyond "
                                                    "the grade's limit, under `errors.order`), or an order that "
                                                    "is no longer open"}


def _actor():
    return db.session.get(User, g.principal.user_id)


def _instrument(public_id):
    """:raise InvalidInput: naming ``instrument`` when there is no such instrument."""
    try:
        return floors.instrument_by_public_id(public_id)
    except NotFound as missing:
        raise InvalidInput(missing.message, {"instrument": [missing.message]}) from None


@blp.route("/trading/orders")
class Orders(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.arguments(FloorOrderQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(FloorOrderSchema))
    def get(self, limit, cursor, instrument=None, status=None, live=False):
        """This enterprise's floor orders, oldest first; narrow by instrument, status, or only live ones."""
        statement = services.orders_statement(g.enterprise, _instrument(instrument) if instrument else None, live)
        if status:
            statement = statement.where(FloorOrder.status == status)
        page = paginate(db.session, statement, FloorOrder.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(FloorOrderInSchema)
    @blp.response(201, FloorOrderWithFillsSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Place a limit, market, IOC, FOK or post-only order; it matches at once and the answer shows its fills.

        Each fill makes a contract awaiting payment. Send an Idempotency-Key: a retry never places twice.
        """
        return services.place_ticket(_actor(), g.enterprise, _ticket(data, _instrument(data["instrument"])))


def _ticket(data, instrument):
    """:raise InvalidInput: naming ``price`` when it has more decimals than the currency has."""
    return services.OrderTicket(instrument, data["side"], data["kind"], data["quantity"],
                                price_minor(data["price"], instrument.floor.currency))


def _batch_ticket(item, instruments):
    """The ticket of one order of a batch, or the InvalidInput that refuses it before the book."""
    if isinstance(item, InvalidInput):
        return item
    instrument = instruments.get(item["instrument"])
    if instrument is None:
        message = _("There is no such instrument.")
        return InvalidInput(message, {"instrument": [message]})
    try:
        return _ticket(item, instrument)
    except InvalidInput as refusal:
        return refusal


def _outcome(placed):
    if isinstance(placed, InvalidInput):
        return {"status": 422, "problem": {"type": "about:blank", "title": HTTP_STATUS_CODES[422], "status": 422,
                                           "detail": placed.message, "errors": placed.errors}}
    return {"status": 201, "order": placed}


@blp.route("/trading/order-batches")
class OrderBatches(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(FloorOrderBatchInSchema)
    @blp.response(200, FloorOrderBatchSchema)
    @blp.alt_response(422, schema=ProblemSchema, description=f"The batch itself is malformed: no `orders`, or more "
                                                             f"than {BATCH_LIMIT}; nothing is placed")
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Place up to 100 orders in one request; each is placed or refused on its own.

        The orders are handled in the order sent, in one transaction, as POST /trading/orders handles
        one: an order refused (a broken pre-trade rule, a malformed field, an unknown instrument, or one
        that would meet only its own enterprise's orders) stores nothing, and the others are placed
        and committed together. The answer is 200 with one outcome per order in `items`: status 201
        and the order with its fills, or status 422 and a problem with the field errors. Send an
        Idempotency-Key: a retry gets the same answer and places nothing twice.
        """
        items = data["orders"]
        instruments = services.instruments_by_public_id(
            {item["instrument"] for item in items if not isinstance(item, InvalidInput)})
        tickets = [_batch_ticket(item, instruments) for item in items]
        placed = iter(services.place_orders(_actor(), g.enterprise, [
            ticket for ticket in tickets if isinstance(ticket, services.OrderTicket)]))
        outcomes = [_outcome(next(placed) if isinstance(ticket, services.OrderTicket) else ticket)
                    for ticket in tickets]
        return {"placed": sum(outcome["status"] == 201 for outcome in outcomes),
                "refused": sum(outcome["status"] == 422 for outcome in outcomes), "items": outcomes}


@blp.route("/trading/orders/<order_id>")
class OneOrder(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.response(200, FloorOrderWithFillsSchema)
    def get(self, order_id):
        """One of this enterprise's orders with its fills."""
        return services.order_for(g.enterprise, order_id)

    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(FloorOrderAmendSchema)
    @blp.response(200, FloorOrderWithFillsSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def patch(self, data, order_id):
        """Amend an open order's price and/or open quantity.

        Lowering the quantity at the same price keeps its place in the queue; a new price or a larger
        quantity sends it to the back, and at a new price it may trade at once.
        """
        if data["price"] is None and data["quantity"] is None:
            message = _("Send a new price, a new quantity, or both.")
            raise InvalidInput(message, {"price": [message], "quantity": [message]})
        order = services.order_for(g.enterprise, order_id)
        return services.amend_order(_actor(), g.enterprise, order.public_id,
                                    price_minor(data["price"], order.instrument.floor.currency), data["quantity"])


@blp.route("/trading/orders/<order_id>/cancel")
class CancelOrder(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.response(200, FloorOrderWithFillsSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, order_id):
        """Withdraw what is left of an open order; its fills and their contracts stand."""
        return services.cancel_order(_actor(), g.enterprise, order_id)
