"""API shapes of settlements (an order's or contract's escrow). Amounts are integers in minor units
(``*_minor``, fen for CNY); quantities decimal strings in the deal's unit.
"""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.escrow.labels import status_name
from marketplace.escrow.lifecycle import EscrowStatus
from marketplace.payments.schemas import PaymentSchema, RefundSchema
from marketplace.sourcing.schemas import plain
from trading.contracts.schemas import PartySchema


class SettlementQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(tuple(EscrowStatus)))
    side = fields.String(load_default=None, validate=validate.OneOf(["buying", "selling"]))


class DeliveryInSchema(Schema):
    quantity = fields.Decimal(load_default=None, allow_none=True, allow_nan=False,
                              validate=validate.Range(min=0, min_inclusive=False), metadata={
                                  "example": "40", "description": "What arrived; all still to come if left out"})


class CancellationInSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                           metadata={"description": "The other side reads it"})


class DeliverySchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "dlv_7k2m9q4r8t1v3x5z6w0b"})
    quantity = fields.Function(lambda delivery: plain(delivery.quantity))
    source = fields.String(metadata={"description": "buyer (confirmed by the buyer) or rfid (read at the gate)"})
    delivered_at = fields.DateTime()
    inspection_ends_at = fields.DateTime(metadata={"description": "Released to the seller after this unless "
                                                                  "accepted earlier or disputed"})
    released_at = fields.DateTime(allow_none=True)


class PartSchema(Schema):
    part = fields.String(metadata={"description": "full, deposit or balance"})
    amount_minor = fields.Integer()
    paid = fields.Boolean()


class SettlementSchema(Schema):
    """A settlement as listed: the deal, its money from the ledger, and what the buyer owes now."""

    id = fields.String(attribute="escrow.public_id", metadata={"example": "esc_7k2m9q4r8t1v3x5z6w0b"})
    payable = fields.Function(lambda s: {"type": s.escrow.payable_type, "id": s.escrow.payable_public_id},
                              metadata={"description": "The order or contract settled (type order or contract)"})
    status = fields.String(attribute="escrow.status", metadata={"example": "paid"})
    status_text = fields.Function(lambda s: str(status_name(s.escrow.status)),
                                  metadata={"example": "Paid, in escrow"})
    title = fields.String(attribute="escrow.title")
    buyer = fields.Nested(PartySchema, attribute="escrow.buyer")
    seller = fields.Nested(PartySchema, attribute="escrow.seller")
    quantity = fields.Function(lambda s: plain(s.escrow.quantity))
    unit = fields.String(attribute="escrow.unit")
    currency = fields.String(attribute="escrow.currency")
    goods_minor = fields.Integer(attribute="escrow.goods_minor")
    buyer_fee_minor = fields.Integer(attribute="escrow.buyer_fee_minor")
    seller_fee_minor = fields.Integer(attribute="escrow.seller_fee_minor", metadata={
        "description": "Taken from the release to the seller"})
    due_minor = fields.Integer(attribute="escrow.due_minor", metadata={"description": "All the buyer pays"})
    parts = fields.Function(lambda s: [{"part": part, "amount_minor": amount, "paid": paid}
                                       for part, amount, paid in s.parts],
                            metadata={"description": "A deposit then the balance, or the whole at once"})
    due_now = fields.Function(lambda s: {"part": s.due[0], "amount_minor": s.due[1]} if s.due else None,
                              metadata={"description": "What the buyer pays next, or null"})
    captured_minor = fields.Integer(attribute="position.captured")
    released_minor = fields.Integer(attribute="position.released", metadata={"description": "Fee included"})
    fee_taken_minor = fields.Integer(attribute="position.fee_taken")
    refunded_minor = fields.Integer(attribute="position.refunded")
    held_minor = fields.Integer(attribute="position.held", metadata={"description": "In escrow now"})
    inspection_days = fields.Integer(attribute="escrow.inspection_days")
    shipped_at = fields.DateTime(attribute="escrow.shipped_at", allow_none=True)
    closed_at = fields.DateTime(attribute="escrow.closed_at", allow_none=True)
    created_at = fields.DateTime(attribute="escrow.created_at")


class SettlementDetailSchema(SettlementSchema):
    """One settlement with its payments, refunds and deliveries."""

    payments = fields.List(fields.Nested(PaymentSchema), metadata={"description": "Every attempt, declined ones too"})
    refunds = fields.List(fields.Nested(RefundSchema))
    deliveries = fields.List(fields.Nested(DeliverySchema), attribute="escrow.deliveries")
