"""API shapes of trading terms by credit grade. Amounts are integers in minor units of ``currency``; the
deposit share is a decimal string in per cent."""
from marshmallow import Schema, fields

from marketplace.sourcing.schemas import plain


class GradeTermsSchema(Schema):
    grade = fields.String(metadata={"example": "BB"})
    deposit_percent = fields.Function(lambda terms: plain(terms.deposit_percent), metadata={
        "description": "The least share (per cent) of a floor contract or auction award the buyer "
                       "pays first (0: the grade requires none, 100: the whole at once); a floor asking more, "
                       "or the whole at once (its deposit 0), keeps its own", "example": "20"})
    max_open_order_minor = fields.Integer(metadata={
        "description": "The most the enterprise's open floor orders (price × open quantity) may be worth"})
    open_account_minor = fields.Integer(metadata={
        "description": "The grade's open-account (deferred-payment) limit; settlement does not offer deferred "
                       "payment yet, so it changes no contract today"})
    may_trade = fields.Boolean(metadata={"description": "False for grade C: no orders, bids or listings"})


class EnterpriseTermsSchema(Schema):
    enterprise = fields.Function(lambda row: row.enterprise.public_id)
    credit_code = fields.Function(lambda row: row.enterprise.credit_code)
    terms = fields.Nested(GradeTermsSchema, metadata={"description": "The terms of the enterprise's grade now"})
    open_order_minor = fields.Integer(metadata={"description": "What its open floor orders are worth now"})


class CreditTermsSchema(Schema):
    currency = fields.String(metadata={"example": "CNY"})
    grades = fields.List(fields.Nested(GradeTermsSchema), metadata={"description": "The whole table, AAA to C"})
    enterprise = fields.Nested(EnterpriseTermsSchema, allow_none=True, metadata={
        "description": "The token's enterprise's grade and terms (null for a staff token of no enterprise)"})
