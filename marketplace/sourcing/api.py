"""``/api/v1`` for inquiries, RFQs and quotes. A token acts for its own enterprise (``g.enterprise``)."""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import (
    IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate,
)
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.orders.schemas import OrderSchema
from marketplace.permissions import requires
from marketplace.sourcing import services
from marketplace.sourcing.models import Inquiry, Rfq
from marketplace.sourcing.schemas import (
    ComparisonSchema, InquiryInSchema, InquirySchema, MessageInSchema, MessageSchema, QuoteInSchema, QuoteSchema,
    RfqInSchema, RfqSchema,
)

blp = api_blueprint("sourcing_api", __name__,
                    "Inquiries on listings, requests for quotation (RFQs) to a category, suppliers' quotes, "
                    "and accepting one quote as an order.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): a price not above "
                                                    "zero, a quote after the deadline, one's own RFQ or listing…"}
_DECIDED = {"schema": ProblemSchema, "description": "Already decided: the RFQ or inquiry was awarded, or the quote "
                                                   "accepted"}


RfqPage = page_of(RfqSchema)


def _actor():
    return db.session.get(User, g.principal.user_id)


# --- RFQs ----------------------------------------------------------------------------------------

@blp.route("/rfqs")
class Rfqs(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, RfqPage)
    def get(self, limit, cursor):
        """The RFQs this enterprise posted, oldest first."""
        page = paginate(db.session, services.rfqs_posted_statement(g.enterprise), Rfq.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_SOURCING_WRITE)
    @idempotent
    @blp.arguments(RfqInSchema)
    @blp.response(201, RfqSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Post an RFQ to a category; its suppliers quote until ``deadline`` (in the future)."""
        return services.post_rfq(_actor(), g.enterprise, **data)


@blp.route("/rfqs/for-you")
class RfqsForYou(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, RfqPage)
    def get(self, limit, cursor):
        """Open RFQs of other enterprises in the categories this enterprise has published listings in."""
        page = paginate(db.session, services.rfqs_for_statement(g.enterprise), Rfq.id, limit, cursor)
        return page, 200, link_header(page)


@blp.route("/rfqs/<rfq_id>")
class OneRfq(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.response(200, RfqSchema)
    def get(self, rfq_id):
        """An RFQ this enterprise posted, or one in a category it supplies."""
        return services.rfq_for(g.enterprise, rfq_id)


@blp.route("/rfqs/<rfq_id>/comparison")
class Comparison(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.response(200, ComparisonSchema)
    def get(self, rfq_id):
        """The buyer's side-by-side view: live quotes first by price per unit, cheapest and fastest marked."""
        rfq, rows = services.compare(g.enterprise, rfq_id)
        return {"rfq": rfq, "rows": [{"quote": quote, "live": row.live, "cheapest": row.cheapest,
                                      "fastest": row.fastest} for row, quote in rows]}


@blp.route("/rfqs/<rfq_id>/quotes")
class QuoteOnRfq(MethodView):
    @requires(policy.API_SOURCING_WRITE)
    @idempotent
    @blp.arguments(QuoteInSchema)
    @blp.response(201, QuoteSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, rfq_id):
        """Quote on an open RFQ before its deadline; a quote after it is refused with 422."""
        return services.quote_on_rfq(_actor(), g.enterprise, rfq_id, **data)


# --- quotes --------------------------------------------------------------------------------------

@blp.route("/quotes/<quote_id>/withdraw")
class WithdrawQuote(MethodView):
    @requires(policy.API_SOURCING_WRITE)
    @blp.response(200, QuoteSchema)
    @blp.alt_response(409, **_DECIDED)
    def post(self, quote_id):
        """Take back this enterprise's quote before the buyer accepts it; safe to repeat."""
        return services.withdraw_quote(_actor(), g.enterprise, quote_id)


@blp.route("/quotes/<quote_id>/accept")
class AcceptQuote(MethodView):
    @requires(policy.API_SOURCING_WRITE)
    @idempotent
    @blp.response(201, OrderSchema)
    @blp.alt_response(409, **_DECIDED)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, quote_id):
        """Accept one live quote on this enterprise's RFQ or inquiry: the order is placed, other quotes rejected.

        A retry with the same Idempotency-Key gets the same order; any other second acceptance gets 409.
        """
        return services.accept_quote(_actor(), g.enterprise, quote_id)


# --- inquiries -----------------------------------------------------------------------------------

@blp.route("/inquiries")
class Inquiries(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(InquirySchema))
    def get(self, limit, cursor):
        """Inquiries this enterprise sent or received, oldest first."""
        page = paginate(db.session, services.inquiries_statement(g.enterprise), Inquiry.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_SOURCING_WRITE)
    @idempotent
    @blp.arguments(InquiryInSchema)
    @blp.response(201, InquirySchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Ask the supplier of a published listing a question, optionally about a quantity."""
        return services.send_inquiry(_actor(), g.enterprise, data["listing"], data["body"], data["quantity"])


@blp.route("/inquiries/<inquiry_id>")
class OneInquiry(MethodView):
    @requires(policy.API_SOURCING_READ)
    @blp.response(200, InquirySchema)
    def get(self, inquiry_id):
        """The inquiry with its messages, for the buyer or the listing's supplier."""
        return services.inquiry_for(g.enterprise, inquiry_id)


@blp.route("/inquiries/<inquiry_id>/messages")
class Reply(MethodView):
    @requires(policy.API_SOURCING_WRITE)
    @blp.arguments(MessageInSchema)
    @blp.response(201, MessageSchema)
    def post(self, data, inquiry_id):
        """Add a message to the thread (either side)."""
        return services.reply(_actor(), g.enterprise, inquiry_id, data["body"])


@blp.route("/inquiries/<inquiry_id>/quotes")
class QuoteOnInquiry(MethodView):
    @requires(policy.API_SOURCING_WRITE)
    @idempotent
    @blp.arguments(QuoteInSchema)
    @blp.response(201, QuoteSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, inquiry_id):
        """The listing's supplier answers with a firm quote the buyer can accept."""
        return services.quote_on_inquiry(_actor(), g.enterprise, inquiry_id, **data)
