"""API shapes of trading terms by credit grade. Amounts are integers in minor units of ``currency``; the
deposit share is a decimal string in per cent."""
from marshmallow import Schema, fields

from marketplace.sourcing.schemas import plain


class GradeTermsSchema(Schema):
    grade = fields.String(metadata={"example": "BB"})
    deposit_percent = fields.Function(lambda terms: plain(terms.deposit_percent), metadata={
        "description": "The least deposit share (per cent) of the buyer's floor contracts and auction awards; "
                       "a floor asking more keeps its own", "example": "20"})
    max_open_order_minor = fields.Integer(metadata={
        "description": "The most the enterprise's open floor orders (price × open quantity) may be worth"})
    open_account_minor = fields.Integer(metadata={
        "description": "Open-account limit: while what the buyer owes on contracts awaiting payment stays this "
                       "far below it, a new contract's deposit is waived"})
    may_trade = fields.Boolean(metadata={"description": "False for grade C: no orders, bids or listings"})


class OpenAccountSchema(Schema):
    limit_minor = fields.Integer()
    unpaid_minor = fields.Integer(metadata={"description": "Owed now on the buyer's contracts awaiting payment"})
    headroom_minor = fields.Integer(metadata={"description": "Limit less what is owed (never below 0)"})


class EnterpriseTermsSchema(Schema):
    enterprise = fields.Function(lambda row: row.enterprise.public_id)
    credit_code = fields.Function(lambda row: row.enterprise.credit_code)
    terms = fields.Nested(GradeTermsSchema, metadata={"description": "The terms of the enterprise's grade now"})
    open_order_minor = fields.Integer(metadata={"description": "What its open floor orders are worth now"})
    open_account = fields.Nested(OpenAccountSchema)


class CreditTermsSchema(Schema):
    currency = fields.String(metadata={"example": "CNY"})
    grades = fields.List(fields.Nested(GradeTermsSchema), metadata={"description": "The whole table, AAA to C"})
    enterprise = fields.Nested(EnterpriseTermsSchema, allow_none=True, metadata={
        "description": "The token's enterprise's grade and terms (null for a staff token of no enterprise)"})
