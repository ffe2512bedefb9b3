"""API shapes of payouts and the payout account. Amounts travel as decimal strings, never floats."""
from marshmallow import Schema, fields, validate

from marketplace.sourcing.schemas import price


class PayoutSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "po_2vb6ncm8k4q1r7t3x9z5"})
    method = fields.String(metadata={"description": "bank_batch | gateway_transfer"})
    amount = fields.Function(lambda payout: price(payout.amount_minor, payout.currency), metadata={"example": "39960.00"})
    currency = fields.String(metadata={"example": "CNY"})
    status = fields.String(metadata={"description": "in_transit | paid | returned (the amount is payable again)"})
    batch = fields.Function(lambda payout: payout.batch.public_id if payout.batch else None)
    bank_reference = fields.Function(lambda payout: payout.batch.bank_reference if payout.batch else None)
    transfer = fields.String(attribute="transfer_id", allow_none=True)
    bank_name = fields.String()
    account_name = fields.String()
    account_number = fields.String()
    failure_message = fields.String(allow_none=True)
    created_at = fields.DateTime()
    paid_at = fields.DateTime(allow_none=True)


class PayoutAccountSchema(Schema):
    bank_name = fields.String(metadata={"example": "中国工商银行天津滨海分行"})
    account_name = fields.String(metadata={"example": "天津恒泰钢铁贸易有限公司"})
    account_number = fields.String(metadata={"example": "0302011209100345671"})
    connected_account_id = fields.String(allow_none=True, metadata={"example": "acct_1PqR5sT7uV9wX1yZ"})
    updated_at = fields.DateTime()


class PayoutAccountInSchema(Schema):
    """Where the enterprise is paid; only an owner's token may change it."""

    bank_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    account_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    account_number = fields.String(required=True, validate=validate.Length(min=1, max=60),
                                   metadata={"description": "8 to 30 digits; spaces and hyphens are ignored"})
    connected_account_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64),
                                         metadata={"description": "acct_… for gateway transfers"})
