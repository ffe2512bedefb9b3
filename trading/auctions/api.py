"""``/api/v1/auctions``: English, sealed-bid and reverse (tender) auctions.

Reading is public: announced auctions and tenders are market information, like the public web
list. A caller with a token (scope ``trading:read``) also sees its own enterprise's bids, and the
owner sees who bids in an open auction; sealed bids stay hidden from everyone until the close.
Announcing, bidding, disqualifying and cancelling act for the token's enterprise.
"""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires
from trading.auctions import services
from trading.auctions.models import Auction
from trading.auctions.schemas import (
    AuctionInSchema, AuctionQuery, AuctionSchema, AuctionWithBidsSchema, BidInSchema, DisqualifyInSchema,
    PlacedBidSchema,
)

blp = api_blueprint("auctions_api", __name__, "English, sealed-bid and reverse (tender) auctions.")

_REFUSED = {"schema": ProblemSchema, "description": "Refused (field errors under `errors`): a bid too low or too "
                                                    "high, off the tick, after the close or in one's own auction; "
                                                    "a lot specification the floor refuses…"}


def _actor():
    return db.session.get(User, g.principal.user_id)


def _viewer():
    """The token's enterprise when the token may read trading data; None for the public."""
    principal = g.get("principal")
    if principal is None or policy.Scope.TRADING_READ not in principal.scopes:
        return None
    return g.enterprise


@blp.route("/auctions")
class Auctions(MethodView):
    @requires(policy.PUBLIC)
    @blp.arguments(AuctionQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(AuctionSchema))
    def get(self, limit, cursor, floor=None, kind=None, status=None):
        """Auctions, oldest first, by floor, kind and status (open, closed, cancelled)."""
        page = paginate(db.session, services.auctions_statement(floor, kind, status), Auction.id, limit, cursor)
        viewer = _viewer()
        page["items"] = [services.seen_by(auction, viewer) for auction in page["items"]]
        return page, 200, link_header(page)

    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(AuctionInSchema)
    @blp.response(201, AuctionWithBidsSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Announce an auction: sell a lot (english, sealed) or ask for offers (reverse). Send an Idempotency-Key."""
        auction = services.create_auction(_actor(), g.enterprise, floor_code=data.pop("floor"), **data)
        return services.seen_by(auction, g.enterprise)


@blp.route("/auctions/<auction_id>")
class OneAuction(MethodView):
    @requires(policy.PUBLIC)
    @blp.response(200, AuctionWithBidsSchema)
    def get(self, auction_id):
        """One auction with its bids as the caller may see them; an overdue auction is closed first."""
        return services.seen_by(services.auction_by_public_id(auction_id), _viewer())


@blp.route("/auctions/<auction_id>/bids")
class Bids(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(BidInSchema)
    @blp.response(201, PlacedBidSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, auction_id):
        """Bid (offer, in a reverse auction) a price per unit; a sealed bid replaces your earlier one.

        A bid in the last minutes of an English auction extends it: see ``closes_at`` in the answer.
        """
        return services.place_bid(_actor(), g.enterprise, auction_id, data["price"])


@blp.route("/auctions/<auction_id>/bids/<bid_id>/disqualify")
class DisqualifyBid(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.arguments(DisqualifyInSchema)
    @blp.response(200, PlacedBidSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Not the buyer who posted the tender")
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, auction_id, bid_id):
        """The buyer of a reverse auction sets an offer aside before the close, with a reason the supplier reads."""
        return services.disqualify_offer(_actor(), g.enterprise, auction_id, bid_id, data["reason"])


@blp.route("/auctions/<auction_id>/cancel")
class CancelAuction(MethodView):
    @requires(policy.API_TRADING_WRITE)
    @idempotent
    @blp.response(200, AuctionWithBidsSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Not the enterprise that announced the auction")
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, auction_id):
        """Withdraw an auction nobody has bid in yet."""
        return services.seen_by(services.cancel_auction(_actor(), g.enterprise, auction_id), g.enterprise)
