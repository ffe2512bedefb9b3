"""API shapes of orders. Amounts and quantities travel as decimal strings, never floats."""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.sourcing.schemas import plain, price


class OrderInSchema(Schema):
    """Buy a published product directly; the price comes from its tier for the quantity."""

    listing = fields.String(required=True, metadata={"example": "lst_7k2m9q4r8t1v3x5z6w0b"})
    quantity = fields.String(required=True, metadata={"example": "60"})
    delivery_address = fields.String(required=True, validate=validate.Length(min=1, max=300))
    delivery_date = fields.Date(load_default=None, allow_none=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class CancelInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class OrderQuery(PageQuery):
    side = fields.String(load_default=None, validate=validate.OneOf(["buying", "selling"]))


class StatusChangeSchema(Schema):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    reason = fields.String()
    changed_at = fields.DateTime()


class OrderSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    status = fields.String(metadata={"example": "awaiting_payment"})
    buyer_id = fields.String(attribute="buyer.public_id")
    seller_id = fields.String(attribute="seller.public_id")
    quote_id = fields.Function(lambda order: order.quote.public_id if order.quote else None)
    currency = fields.String()
    total = fields.Function(lambda order: price(order.total_minor, order.currency))
    delivery_address = fields.String()
    delivery_date = fields.Date(allow_none=True)
    note = fields.String()
    lines = fields.Method("_lines", metadata={
        "description": "listing_id, description, quantity, unit, unit_price, line_total (in the order's currency)"})
    history = fields.List(fields.Nested(StatusChangeSchema), attribute="status_changes")
    created_at = fields.DateTime()

    def _lines(self, order):
        return [{"listing_id": line.listing.public_id if line.listing else None, "description": line.description,
                 "quantity": plain(line.quantity), "unit": line.unit,
                 "unit_price": price(line.unit_price_minor, order.currency),
                 "line_total": price(line.line_total_minor, order.currency)} for line in order.lines]
