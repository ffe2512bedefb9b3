"""API shapes of auctions. Prices travel as decimal strings per unit in the auction's currency,
quantities as decimal strings in the floor's unit; times without a zone are Beijing time.
"""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.i18n import SHANGHAI
from marketplace.sourcing.schemas import plain, price
from trading.auctions import rules, services


def _price_of(view, minor):
    return None if minor is None else price(minor, view.auction.currency)


class AuctionInSchema(Schema):
    floor = fields.String(required=True, metadata={"example": "chemicals"})
    kind = fields.String(required=True, validate=validate.OneOf(rules.KINDS), metadata={
        "description": "english (you sell, highest bid wins), sealed (you sell, bids hidden until the close) or "
                       "reverse (a tender: you buy, the lowest qualifying offer wins)"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"example": "Urea tender 5,000 t"})
    description = fields.String(load_default="", validate=validate.Length(max=services.MAX_DESCRIPTION))
    spec = fields.Dict(keys=fields.String(), required=True, metadata={
        "description": "The lot specification, as the floor's spec_schema declares it",
        "example": {"product": "Urea, granular", "cas_number": "57-13-6", "hazard_class": "none",
                    "purity_percent": "46.2"}})
    quantity = fields.String(required=True, metadata={"example": "5000", "description": "In the floor's unit"})
    reserve = fields.String(load_default=None, allow_none=True, metadata={
        "example": "2600.00", "description": "Per unit, on the floor's tick: the lowest acceptable price, or in a "
                                             "reverse auction the ceiling"})
    increment = fields.String(load_default=None, allow_none=True, metadata={
        "example": "5.00", "description": "The smallest step between bids; required for English auctions, the "
                                          "floor's tick by default for reverse ones"})
    opens_at = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=SHANGHAI,
                                    metadata={"description": "Now when left out"})
    closes_at = fields.AwareDateTime(required=True, default_timezone=SHANGHAI)
    delivery_place = fields.String(required=True, metadata={"example": "天津港南疆散货码头"})
    delivery_month = fields.String(required=True, metadata={"example": "2026-09"})
    delivery_terms = fields.String(load_default="", metadata={"description": "The floor's terms when left out"})
    extension_window_seconds = fields.Integer(load_default=None, allow_none=True, metadata={
        "description": f"English only: a bid this close to the end extends it (default "
                       f"{services.DEFAULT_EXTENSION_SECONDS})"})
    extension_seconds = fields.Integer(load_default=None, allow_none=True, metadata={
        "description": f"English only: the close moves to the bid's time plus this (default "
                       f"{services.DEFAULT_EXTENSION_SECONDS})"})


class AuctionQuery(PageQuery):
    floor = fields.String(load_default=None, metadata={"example": "chemicals"})
    kind = fields.String(load_default=None, validate=validate.OneOf(rules.KINDS))
    status = fields.String(load_default=None, validate=validate.OneOf(services.STATUSES))


class BidInSchema(Schema):
    price = fields.String(required=True, metadata={"example": "2450.00", "description": "Per unit"})


class DisqualifyInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=services.MAX_REASON),
                           metadata={"example": "No CAS certificate for the offered lot"})


class ShownBidSchema(Schema):
    id = fields.String(attribute="public_id")
    price = fields.Function(lambda bid: price(bid.price_minor, bid.currency))
    currency = fields.String()
    placed_at = fields.DateTime()
    bidder_id = fields.Function(lambda bid: bid.bidder.public_id if bid.bidder else None, metadata={
        "description": "Null while who bid is not yours to know (another bidder, before the close)"})
    mine = fields.Boolean()
    disqualified = fields.Boolean()
    disqualified_reason = fields.String(allow_none=True)
    won = fields.Boolean()


class AuctionSchema(Schema):
    """An auction as the caller may see it (a token's enterprise sees its own bids; the public less)."""

    id = fields.String(attribute="auction.public_id")
    kind = fields.String(attribute="auction.kind")
    floor = fields.String(attribute="auction.floor.code")
    owner_id = fields.String(attribute="auction.owner.public_id")
    title = fields.String(attribute="auction.title")
    description = fields.String(attribute="auction.description")
    spec = fields.Dict(attribute="auction.spec")
    quantity = fields.Function(lambda view: plain(view.auction.quantity))
    unit = fields.String(attribute="auction.unit")
    currency = fields.String(attribute="auction.currency")
    reserve = fields.Function(lambda view: _price_of(view, view.auction.reserve_minor), metadata={
        "description": "Per unit; the ceiling of a reverse auction"})
    increment = fields.Function(lambda view: _price_of(view, view.auction.increment_minor))
    extension_window_seconds = fields.Integer(attribute="auction.extension_window_seconds")
    extension_seconds = fields.Integer(attribute="auction.extension_seconds")
    delivery_place = fields.String(attribute="auction.delivery_place")
    delivery_month = fields.String(attribute="auction.delivery_month")
    delivery_terms = fields.String(attribute="auction.delivery_terms")
    opens_at = fields.DateTime(attribute="auction.opens_at")
    scheduled_close_at = fields.DateTime(attribute="auction.scheduled_close_at")
    closes_at = fields.DateTime(attribute="auction.closes_at", metadata={"description": "Later than scheduled "
                                                                                       "after extensions"})
    status = fields.String(attribute="auction.status", metadata={"example": "open"})
    outcome = fields.String(attribute="auction.outcome", allow_none=True, metadata={
        "description": "awarded, no_bids or reserve_not_met once closed"})
    closed_at = fields.DateTime(attribute="auction.closed_at", allow_none=True)
    bid_count = fields.Integer()
    best = fields.Function(lambda view: _price_of(view, view.best_minor), metadata={
        "description": "The leading price of an open English or reverse auction, or the awarded price; null for "
                       "an open sealed-bid auction"})
    winner_id = fields.Function(lambda view: view.winner.public_id if view.winner else None)
    contract_id = fields.Function(lambda view: view.contract.public_id if view.contract else None, metadata={
        "description": "For the two parties once awarded"})


class AuctionWithBidsSchema(AuctionSchema):
    bids = fields.List(fields.Nested(ShownBidSchema), metadata={
        "description": "Oldest first, as far as the caller may see them: sealed bids only after the close"})


class PlacedBidSchema(Schema):
    id = fields.String(attribute="public_id")
    auction_id = fields.String(attribute="auction.public_id")
    price = fields.Function(lambda bid: price(bid.price_minor, bid.auction.currency))
    currency = fields.String(attribute="auction.currency")
    placed_at = fields.DateTime()
    disqualified_reason = fields.String(allow_none=True)
    closes_at = fields.DateTime(attribute="auction.closes_at", metadata={
        "description": "The auction's close after this bid (a late English bid extends it)"})
