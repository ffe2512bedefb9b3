"""API shapes of cards, payments and refunds. Amounts are integers in minor units (fen for CNY)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema


class CardSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "card_7k2m9q4r8t1v3x5z6w0b"})
    brand = fields.String(metadata={"example": "visa"})
    last4 = fields.String(metadata={"example": "4242"})
    exp_month = fields.Integer(allow_none=True)
    exp_year = fields.Integer(allow_none=True)
    created_at = fields.DateTime()


class CardInSchema(Schema):
    """A card for the enterprise: either ``payment_method`` made by the gateway's own card form (production),
    or the card itself, which only the embedded and test gateways take (e.g. 4242424242424242)."""

    payment_method = fields.String(validate=validate.Length(min=1, max=64), metadata={"example": "pm_1Nx…"})
    number = fields.String(validate=validate.Length(max=30), metadata={"example": "4242424242424242"})
    exp_month = fields.Integer(strict=True, validate=validate.Range(min=1, max=12), metadata={"example": 12})
    exp_year = fields.Integer(strict=True, validate=validate.Range(min=2000, max=2100), metadata={"example": 2030})
    cvc = fields.String(validate=validate.Length(min=3, max=4), metadata={"example": "123"})

    @validates_schema
    def _card_or_payment_method(self, data, **kwargs):
        card = ("number", "exp_month", "exp_year", "cvc")
        if "payment_method" in data:
            if any(name in data for name in card):
                raise ValidationError("Send either payment_method or the card, not both.", "payment_method")
            return
        missing = {name: ["Missing data for required field."] for name in card if name not in data}
        if missing:
            raise ValidationError(missing)


class PaymentInSchema(Schema):
    amount_minor = fields.Integer(required=True, strict=True, validate=validate.Range(min=1), metadata={
        "example": 8004000, "description": "Exactly the amount due now (`due_now.amount_minor` of the settlement)"})
    card = fields.String(required=True, metadata={"example": "card_7k2m9q4r8t1v3x5z6w0b",
                                                  "description": "One of the enterprise's saved cards"})


class PaymentSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "pay_7k2m9q4r8t1v3x5z6w0b"})
    part = fields.String(metadata={"description": "full, deposit or balance"})
    amount_minor = fields.Integer()
    currency = fields.String(metadata={"example": "CNY"})
    status = fields.String(metadata={"description": "captured; pending or unknown while the gateway's answer is "
                                                    "awaited or checked; declined, failed or cancelled"})
    card = fields.Function(lambda payment: {"brand": payment.card_brand, "last4": payment.card_last4})
    failure_message = fields.String(allow_none=True)
    created_at = fields.DateTime()
    captured_at = fields.DateTime(allow_none=True)


class RefundSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    payment = fields.String(attribute="payment.public_id")
    amount_minor = fields.Integer()
    currency = fields.String()
    reason = fields.String()
    status = fields.String(metadata={"description": "pending (being sent to the card), succeeded or failed"})
    created_at = fields.DateTime()
    succeeded_at = fields.DateTime(allow_none=True)
