"""``/api/v1`` for orders. A token acts for its own enterprise (``g.enterprise``), as buyer or seller."""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.orders import services
from marketplace.orders.models import Order
from marketplace.orders.schemas import CancelInSchema, OrderInSchema, OrderQuery, OrderSchema
from marketplace.permissions import requires

blp = api_blueprint("orders_api", __name__,
                    "Orders from buying a listing or accepting a quote, up to \"awaiting payment\".")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): below the minimum "
                                                    "order quantity, one's own listing, a move the order's state "
                                                    "forbids…"}


def _actor():
    return db.session.get(User, g.principal.user_id)


@blp.route("/orders")
class Orders(MethodView):
    @requires(policy.API_ORDERS_READ)
    @blp.arguments(OrderQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(OrderSchema))
    def get(self, limit, cursor, side=None):
        """Orders where this enterprise buys or sells (``side`` narrows it), oldest first."""
        page = paginate(db.session, services.orders_statement(g.enterprise, side), Order.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_ORDERS_WRITE)
    @idempotent
    @blp.arguments(OrderInSchema)
    @blp.response(201, OrderSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="Less is left in stock than ordered")
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Buy a published product at its tier price, reserving stock. Send an Idempotency-Key: a retry never
        orders twice."""
        return services.buy_listing(_actor(), g.enterprise, data["listing"], data["quantity"],
                                    data["delivery_address"], data["delivery_date"], data["note"])


@blp.route("/orders/<order_id>")
class OneOrder(MethodView):
    @requires(policy.API_ORDERS_READ)
    @blp.response(200, OrderSchema)
    def get(self, order_id):
        """An order where this enterprise is the buyer or the seller, with its lines and history."""
        return services.order_for(g.enterprise, order_id)


@blp.route("/orders/<order_id>/confirm")
class ConfirmOrder(MethodView):
    @requires(policy.API_ORDERS_WRITE)
    @idempotent
    @blp.response(200, OrderSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, order_id):
        """The seller confirms; the order then awaits payment."""
        return services.confirm(_actor(), g.enterprise, order_id)


@blp.route("/orders/<order_id>/cancel")
class CancelOrder(MethodView):
    @requires(policy.API_ORDERS_WRITE)
    @idempotent
    @blp.arguments(CancelInSchema)
    @blp.response(200, OrderSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, order_id):
        """Either side cancels before payment, giving a reason; stock taken by a direct purchase is given back."""
        return services.cancel(_actor(), g.enterprise, order_id, data["reason"])
