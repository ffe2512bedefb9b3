"""API shapes of balances and ledger entries. Amounts travel as decimal strings in their currency."""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.ledger.postings import ENTERPRISE_KINDS
from marketplace.sourcing.schemas import price as amount_text


class BalanceSchema(Schema):
    currency = fields.String(metadata={"example": "CNY"})
    available = fields.String(metadata={"example": "0.00", "description": "Free of any deal"})
    in_escrow = fields.String(metadata={"example": "80000.00",
                                        "description": "Paid for deals this enterprise buys, held until delivery "
                                                       "and inspection"})
    payable = fields.String(metadata={"example": "398400.00",
                                      "description": "Released for deals this enterprise sells, owed until paid out"})


class EntryQuery(PageQuery):
    account = fields.String(load_default=None, validate=validate.OneOf([str(kind) for kind in ENTERPRISE_KINDS]),
                            metadata={"description": "Only this account: available, in_escrow or payable"})


class EntrySchema(Schema):
    transaction = fields.String(attribute="transaction.public_id",
                                metadata={"description": "The balanced transaction the entry belongs to"})
    kind = fields.String(attribute="transaction.kind", metadata={"example": "capture"})
    account = fields.String(attribute="entry.account_kind", metadata={"example": "in_escrow"})
    currency = fields.String(attribute="entry.currency", metadata={"example": "CNY"})
    amount = fields.Function(lambda line: amount_text(line.amount, line.entry.currency),
                             metadata={"example": "80000.00",
                                       "description": "Positive when the account grew, negative when it shrank"})
    deal = fields.String(attribute="deal.payable_public_id", allow_none=True,
                         metadata={"description": "The order or contract the money belongs to"})
    deal_type = fields.String(attribute="deal.payable_type", allow_none=True, metadata={"example": "contract"})
    memo = fields.String(attribute="transaction.memo")
    booked_at = fields.DateTime(attribute="transaction.created_at")
