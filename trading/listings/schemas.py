"""API shapes of listed-price purchase (挂牌). Prices are decimal strings in the floor's currency per unit,
quantities decimal strings in the floor's unit; never floats.
"""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.listings import services


class FloorListingInSchema(Schema):
    """A non-standard lot offered at a fixed price; ``spec`` follows the floor's lot specification schema."""

    floor = fields.String(required=True, metadata={"example": "steel"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"example": "HRB400E 螺纹钢 Φ22 9m 非标定尺 300 吨"})
    spec = fields.Dict(keys=fields.String(), load_default=dict, metadata={
        "example": {"product": "rebar", "grade": "HRB400E", "diameter_mm": 22, "length_m": "9"},
        "description": "See GET /floors/{code} for the floor's spec_schema"})
    quantity = fields.String(required=True, metadata={"example": "300", "description": "in the floor's unit"})
    minimum_purchase = fields.String(required=True, metadata={"example": "50"})
    price = fields.String(required=True, metadata={"example": "3950.00",
                                                   "description": "per unit, in the floor's currency, on its tick"})
    delivery_place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    delivery_month = fields.String(required=True, metadata={"example": "2026-12"})
    delivery_terms = fields.String(load_default="", validate=validate.Length(max=300),
                                   metadata={"description": "the floor's delivery terms when empty"})


class PurchaseInSchema(Schema):
    quantity = fields.String(required=True, metadata={"example": "50", "description": "in the floor's unit"})


class FloorListingQuery(PageQuery):
    floor = fields.String(load_default=None, metadata={"example": "steel"})
    status = fields.String(load_default=services.OPEN, validate=validate.OneOf(services.STATUSES))
    seller = fields.String(load_default=None, metadata={"description": "an enterprise id"})


class FloorListingSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "fl_7k2m9q4r8t1v3x5z6w0b"})
    floor = fields.String(attribute="floor.code")
    seller = fields.String(attribute="seller.public_id")
    title = fields.String()
    spec = fields.Dict()
    unit = fields.String(attribute="floor.unit")
    currency = fields.String(attribute="floor.currency")
    quantity = fields.Function(lambda listing: plain(listing.quantity))
    remaining = fields.Function(lambda listing: plain(listing.remaining))
    minimum_purchase = fields.Function(lambda listing: plain(listing.minimum_purchase), metadata={
        "description": "less is refused unless it takes all that remains"})
    price = fields.Function(lambda listing: amount_text(listing.price_minor, listing.floor.currency),
                            metadata={"description": "per unit"})
    delivery_place = fields.String()
    delivery_month = fields.String()
    delivery_terms = fields.String()
    status = fields.String(metadata={"description": "open, sold_out or withdrawn"})
    created_at = fields.DateTime()


class PurchaseContractSchema(Schema):
    """The contract a purchase made, awaiting the buyer's payment."""

    id = fields.String(attribute="public_id")
    status = fields.String(metadata={"example": "awaiting_payment"})
    buyer = fields.String(attribute="buyer.public_id")
    seller = fields.String(attribute="seller.public_id")
    quantity = fields.Function(lambda contract: plain(contract.quantity))
    unit = fields.String()
    price = fields.Function(lambda contract: amount_text(contract.price_minor, contract.currency))
    amount = fields.Function(lambda contract: amount_text(contract.amount_minor, contract.currency))
    buyer_fee = fields.Function(lambda contract: amount_text(contract.buyer_fee_minor, contract.currency))
    currency = fields.String()
    created_at = fields.DateTime()


class PurchaseSchema(Schema):
    contract = fields.Nested(PurchaseContractSchema)
    listing = fields.Nested(FloorListingSchema, metadata={"description": "the listing after the purchase"})
