"""``/api/v1`` for listed-price purchase (挂牌). Anyone reads the listings; a token lists, buys and withdraws
for its own enterprise, and every write takes an Idempotency-Key so that a retry never buys twice.
"""
from flask import g
from flask_babel import gettext as _
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.accounts.principals import enterprise_by_public_id
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires
from trading.floors import services as floors
from trading.listings import services
from trading.listings.models import FloorListing
from trading.listings.schemas import (
    FloorListingInSchema, FloorListingQuery, FloorListingSchema, PurchaseInSchema, PurchaseSchema,
)

blp = api_blueprint("floor_listings_api", __name__, "Listed-price purchase (挂牌) of non-standard lots on a floor.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): a spec the floor's "
                                                    "schema refuses, a price off the tick, one's own listing, below "
                                                    "the minimum purchase, more than remains…"}


def _actor():
    return db.session.get(User, g.principal.user_id)


@blp.route("/floor-listings")
class FloorListings(MethodView):
    @requires(policy.PUBLIC)
    @blp.arguments(FloorListingQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(FloorListingSchema))
    def get(self, limit, cursor, floor=None, status=None, seller=None):
        """Listings of every floor, open ones unless ``status`` says otherwise, oldest first; public offers."""
        statement = services.listings_statement(floors.floor_by_code(floor) if floor else None, status,
                                                _seller(seller))
        page = paginate(db.session, statement, FloorListing.id, limit, cursor)
        return page, 200, link_header(page)

    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(FloorListingInSchema)
    @blp.response(201, FloorListingSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Offer a lot at a fixed price on a floor. Send an Idempotency-Key: a retry never lists twice."""
        return services.create_listing(_actor(), g.enterprise, data.pop("floor"), **data)


def _seller(public_id):
    """The enterprise to filter by. :raise InvalidInput: for an unknown enterprise id."""
    if public_id is None:
        return None
    enterprise = enterprise_by_public_id(public_id)
    if enterprise is None:
        raise InvalidInput(_("There is no such enterprise."), {"seller": [_("Use an enterprise id, such as ent_….")]})
    return enterprise


@blp.route("/floor-listings/<listing_id>")
class OneFloorListing(MethodView):
    @requires(policy.PUBLIC)
    @blp.response(200, FloorListingSchema)
    def get(self, listing_id):
        """One listing, with what remains of it."""
        return services.listing_by_public_id(listing_id)


@blp.route("/floor-listings/<listing_id>/purchases")
class Purchases(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(PurchaseInSchema)
    @blp.response(201, PurchaseSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, listing_id):
        """Buy at the listed price; the contract awaits payment. Send an Idempotency-Key: a retry never buys
        twice."""
        contract = services.purchase(_actor(), g.enterprise, listing_id, data["quantity"])
        return {"contract": contract, "listing": services.listing_by_public_id(listing_id)}


@blp.route("/floor-listings/<listing_id>/withdraw")
class WithdrawFloorListing(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.response(200, FloorListingSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, listing_id):
        """The seller takes what remains off sale; contracts already made stand."""
        return services.withdraw(_actor(), g.enterprise, listing_id)
