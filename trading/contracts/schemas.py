"""API shapes of contracts. Amounts travel as decimal strings in the contract's currency, quantities
as decimal strings in its unit.
"""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.contracts import services

class ContractQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.Length(min=1, max=30),
                           metadata={"example": services.AWAITING_PAYMENT})


class PartySchema(Schema):
    id = fields.String(attribute="public_id")
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)
    credit_code = fields.String()


class ContractSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    status = fields.String(metadata={"example": services.AWAITING_PAYMENT})
    source = fields.String(metadata={"description": "trade (a fill on a floor's book), auction or listing"})
    source_ids = fields.Function(services.source_of, metadata={
        "description": "The trade, auction and listing ids behind the contract (null where not the source)"})
    floor = fields.String(attribute="floor.code")
    instrument = fields.Function(lambda contract: contract.instrument.public_id if contract.instrument else None)
    buyer = fields.Nested(PartySchema)
    seller = fields.Nested(PartySchema)
    title_zh = fields.String()
    title_en = fields.String()
    spec = fields.Dict(metadata={"description": "The lot specification, as the floor's schema declares it"})
    quantity = fields.Function(lambda contract: plain(contract.quantity))
    unit = fields.String()
    price = fields.Function(lambda contract: amount_text(contract.price_minor, contract.currency),
                            metadata={"description": "Per unit"})
    currency = fields.String()
    amount = fields.Function(lambda contract: amount_text(contract.amount_minor, contract.currency))
    buyer_fee = fields.Function(lambda contract: amount_text(contract.buyer_fee_minor, contract.currency))
    seller_fee = fields.Function(lambda contract: amount_text(contract.seller_fee_minor, contract.currency))
    delivery_place = fields.String()
    delivery_month = fields.String(metadata={"example": "2026-12"})
    delivery_terms = fields.String()
    created_at = fields.DateTime()
