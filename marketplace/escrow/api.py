"""``/api/v1/settlements``: the escrow of an order or contract — pay, ship, deliveries, cancel.

A settlement is found by its own id or by its order's or contract's id. The token's enterprise acts
as the buyer (pays, confirms and accepts deliveries) or the seller (ships); either cancels before
shipment. A settlement of others is not found (404).
"""
from flask import g
from flask.views import MethodView
from sqlalchemy import or_, select

from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.escrow import services
from marketplace.escrow.models import Escrow
from marketplace.escrow.rules import Position
from marketplace.escrow.schemas import (
    CancellationInSchema, DeliveryInSchema, DeliverySchema, SettlementDetailSchema, SettlementQuery, SettlementSchema,
)
from marketplace.escrow.views import settlement_of
from marketplace.extensions import db
from marketplace.idempotency import idempotent, idempotent_in_steps
from marketplace.ledger import services as ledger
from marketplace.payments import services as payments
from marketplace.payments.api import GATEWAY_DOWN, actor, gateway_down
from marketplace.payments.schemas import PaymentInSchema, PaymentSchema
from marketplace.permissions import requires

blp = api_blueprint("escrow_api", __name__,
                    "Settlement of orders and contracts: escrow, payments, delivery, release and refunds.")

_REFUSED = {"schema": ProblemSchema, "description": "A move the settlement's status forbids, or invalid input "
                                                    "(field errors under `errors`)"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such settlement of this enterprise (or no such delivery)"}
_NOT_YOURS = {"schema": ProblemSchema, "description": "The other side's move (e.g. the seller cannot pay)"}


def _settlement(public_id):
    return settlement_of(services.escrow_for(g.enterprise, public_id))


def _escrows(enterprise, status, side):
    parties = {"buying": [Escrow.buyer_enterprise_id == enterprise.id],
               "selling": [Escrow.seller_enterprise_id == enterprise.id]}
    statement = select(Escrow).where(or_(*parties.get(side, parties["buying"] + parties["selling"])))
    return statement.where(Escrow.status == status) if status else statement


@blp.route("/settlements")
class Settlements(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(SettlementQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(SettlementSchema))
    def get(self, limit, cursor, status=None, side=None):
        """This enterprise's settlements as buyer and seller, newest first; narrow by status or side."""
        page = paginate(db.session, _escrows(g.enterprise, status, side), Escrow.id, limit, cursor,
                        newest_first=True)
        positions = ledger.positions_of([escrow.id for escrow in page["items"]])
        page["items"] = [settlement_of(escrow, positions.get(escrow.id, Position()), with_movements=False)
                         for escrow in page["items"]]
        return page, 200, link_header(page)


@blp.route("/settlements/<public_id>")
class OneSettlement(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, SettlementDetailSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, public_id):
        """One settlement with its money from the ledger (captured, released, refunded, held), what is due
        now, and its payments, refunds and deliveries."""
        return _settlement(public_id)


@blp.route("/settlements/<public_id>/payments")
class SettlementPayments(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent_in_steps
    @blp.arguments(PaymentInSchema)
    @blp.response(201, PaymentSchema)
    @blp.alt_response(402, schema=ProblemSchema, description="The card was declined; nothing was charged")
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(409, schema=ProblemSchema, description="Another payment of this deal awaits the gateway")
    @blp.alt_response(422, schema=ProblemSchema, description="Not the amount due now (`errors.amount_minor`), "
                                                             "nothing due, or not a saved card (`errors.card`)")
    @blp.alt_response(503, **GATEWAY_DOWN)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, public_id):
        """The buyer pays the part due now (in full, the deposit, or the balance) with a saved card; the money
        is held in escrow. Send an Idempotency-Key: a retry never pays twice."""
        try:
            return payments.pay(actor(), g.enterprise, public_id, data["amount_minor"], data["card"])
        except payments.GatewayDown as down:
            return gateway_down(down)


@blp.route("/settlements/<public_id>/shipment")
class Shipment(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.response(200, SettlementDetailSchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, public_id):
        """The seller has sent the goods; allowed once the buyer paid in full."""
        services.mark_shipped(actor(), g.enterprise, public_id)
        return _settlement(public_id)


@blp.route("/settlements/<public_id>/deliveries")
class Deliveries(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.arguments(DeliveryInSchema)
    @blp.response(201, DeliverySchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, public_id):
        """The buyer confirms that goods arrived (all still to come, or `quantity` of them); the delivery's
        inspection window opens, after which its share of the escrow is released to the seller."""
        return services.confirm_delivery(actor(), g.enterprise, public_id, data["quantity"])


@blp.route("/settlements/<public_id>/deliveries/<delivery_id>/acceptance")
class Acceptance(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.response(200, DeliverySchema)
    @blp.alt_response(403, **_NOT_YOURS)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, public_id, delivery_id):
        """The buyer accepts a delivery's goods before its inspection window ends: their share is released
        to the seller now, less the platform fee. Accepting twice releases once."""
        return services.accept_delivery(actor(), g.enterprise, public_id, delivery_id)


@blp.route("/settlements/<public_id>/cancellation")
class Cancellation(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent_in_steps
    @blp.arguments(CancellationInSchema)
    @blp.response(200, SettlementDetailSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, public_id):
        """Either side calls the deal off before shipment, with a reason; whatever was paid is refunded to
        the buyer's card (see `refunds`)."""
        services.cancel(actor(), g.enterprise, public_id, data["reason"])
        return _settlement(public_id)
