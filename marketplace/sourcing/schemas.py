"""API shapes of inquiries, RFQs and quotes. Amounts and quantities travel as decimal strings, never floats.

Times without a zone are read as China Standard Time, the time every party of the platform uses.
"""
from marshmallow import Schema, fields, validate

from marketplace.i18n import SHANGHAI
from marketplace.money import Money, Unit


def plain(number):
    """``"200"`` for ``Decimal("200.000")``: quantities as people write them."""
    return None if number is None else format(number.normalize(), "f")


def price(minor, currency):
    return str(Money(minor, currency).amount)


class RfqInSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200),
                          metadata={"example": "HRB400E 螺纹钢 Φ20mm 200 吨"})
    category = fields.String(required=True, metadata={"example": "steel.rebar"})
    specification = fields.String(load_default="", validate=validate.Length(max=5000))
    quantity = fields.String(required=True, metadata={"example": "200"})
    unit = fields.String(required=True, validate=validate.OneOf(list(Unit)), metadata={"example": "t"})
    delivery_place = fields.String(required=True, validate=validate.Length(min=1, max=300))
    delivery_date = fields.Date(required=True)
    deadline = fields.AwareDateTime(required=True, default_timezone=SHANGHAI,
                                    metadata={"description": "Quotes are refused from this moment on"})


class RfqSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    buyer_id = fields.String(attribute="buyer.public_id", dump_only=True)
    category = fields.String(attribute="category.code")
    title = fields.String()
    specification = fields.String()
    quantity = fields.Function(lambda rfq: plain(rfq.quantity))
    unit = fields.String()
    currency = fields.String()
    delivery_place = fields.String()
    delivery_date = fields.Date()
    deadline = fields.DateTime()
    status = fields.String()
    created_at = fields.DateTime()


class QuoteInSchema(Schema):
    unit_price = fields.String(required=True, metadata={"example": "3990.00", "description": "Above zero"})
    quantity = fields.String(required=True, metadata={"example": "200"})
    valid_until = fields.AwareDateTime(required=True, default_timezone=SHANGHAI)
    lead_time_days = fields.Integer(load_default=None, allow_none=True, metadata={"example": 10})
    terms = fields.String(load_default="", validate=validate.Length(max=5000))


class QuoteSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    rfq_id = fields.Function(lambda quote: quote.rfq.public_id if quote.rfq else None)
    inquiry_id = fields.Function(lambda quote: quote.inquiry.public_id if quote.inquiry else None)
    supplier_id = fields.String(attribute="supplier.public_id")
    unit_price = fields.Function(lambda quote: price(quote.unit_price_minor, quote.currency))
    currency = fields.String()
    quantity = fields.Function(lambda quote: plain(quote.quantity))
    unit = fields.String()
    total = fields.Function(
        lambda quote: str(Money(quote.unit_price_minor, quote.currency).times(quote.quantity).amount))
    lead_time_days = fields.Integer(allow_none=True)
    valid_until = fields.DateTime()
    terms = fields.String()
    status = fields.String()
    created_at = fields.DateTime()


class ComparisonRowSchema(Schema):
    """One quote of the side-by-side view; ``cheapest`` (per unit) and ``fastest`` mark live quotes only."""

    quote = fields.Nested(QuoteSchema)
    live = fields.Boolean()
    cheapest = fields.Boolean()
    fastest = fields.Boolean()


class ComparisonSchema(Schema):
    rfq = fields.Nested(RfqSchema)
    rows = fields.List(fields.Nested(ComparisonRowSchema))


class InquiryInSchema(Schema):
    listing = fields.String(required=True, metadata={"example": "lst_7k2m9q4r8t1v3x5z6w0b"})
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    quantity = fields.String(load_default=None, allow_none=True, metadata={"example": "80"})


class MessageInSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class MessageSchema(Schema):
    enterprise_id = fields.String(attribute="enterprise.public_id")
    author = fields.String(attribute="author.display_name")
    body = fields.String()
    created_at = fields.DateTime()


class InquirySchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    listing_id = fields.String(attribute="listing.public_id")
    buyer_id = fields.String(attribute="buyer.public_id")
    supplier_id = fields.String(attribute="listing.enterprise.public_id")
    quantity = fields.Function(lambda inquiry: plain(inquiry.quantity))
    unit = fields.String(allow_none=True)
    status = fields.String()
    created_at = fields.DateTime()
    messages = fields.List(fields.Nested(MessageSchema))
