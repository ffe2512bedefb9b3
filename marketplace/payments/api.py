"""``/api/v1/cards``: the enterprise's saved cards, which its payments into escrow are made with."""
from flask import g
from flask.views import MethodView
from sqlalchemy import select
from werkzeug.http import HTTP_STATUS_CODES

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import (
    IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate,
)
from marketplace.errors import problem
from marketplace.extensions import db
from marketplace.idempotency import idempotent_in_steps
from marketplace.payments import services
from marketplace.payments.models import SavedCard
from marketplace.payments.schemas import CardInSchema, CardSchema
from marketplace.permissions import requires

blp = api_blueprint("payments_api", __name__, "The enterprise's saved payment cards.")

# How long a client waits before trying an unreachable gateway again.
RETRY_AFTER_SECONDS = 60

GATEWAY_DOWN = {"schema": ProblemSchema, "description": "The payment service cannot be reached or did not answer; "
                                                        "`detail` says whether money may have moved. Retry after "
                                                        "the `Retry-After` header's seconds"}


def gateway_down(error):
    """503 with ``Retry-After`` for a :class:`services.GatewayDown`."""
    return problem(503, HTTP_STATUS_CODES[503], error.message, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def actor():
    return db.session.get(User, g.principal.user_id)


@blp.route("/cards")
class Cards(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(CardSchema))
    def get(self, limit, cursor):
        """The enterprise's saved cards, oldest first: brand, last four digits and expiry only."""
        statement = select(SavedCard).where(SavedCard.enterprise_id == g.enterprise.id, SavedCard.removed.is_(False))
        page = paginate(db.session, statement, SavedCard.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent_in_steps
    @blp.arguments(CardInSchema)
    @blp.response(201, CardSchema)
    @blp.alt_response(402, schema=ProblemSchema, description="The gateway declined the card")
    @blp.alt_response(503, **GATEWAY_DOWN)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Save a card with the gateway: `payment_method` from the gateway's own card form, or (embedded and
        test gateways only) `number`, `exp_month`, `exp_year` and `cvc`."""
        try:
            if "payment_method" in data:
                return services.save_payment_method(actor(), g.enterprise, data["payment_method"])
            return services.save_card(actor(), g.enterprise, data["number"], data["exp_month"], data["exp_year"],
                                      data["cvc"])
        except services.GatewayDown as down:
            return gateway_down(down)
