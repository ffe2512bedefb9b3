"""API shapes of floor orders. Prices travel as decimal strings in currency units per unit of the floor,
quantities as decimal strings in the floor's unit (never lots, never floats).
"""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError, fields, validate

from marketplace.api import PageQuery, ProblemSchema
from marketplace.errors import InvalidInput
from marketplace.money import Money, MoneyError
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.book import services
from trading.orders import BUY, ORDER_KINDS, SELL

BATCH_LIMIT = 100
STATUSES = (services.OPEN, services.PARTIALLY_FILLED, services.FILLED, services.CANCELLED, services.REJECTED)


class DecimalText(fields.Field):
    """A decimal number sent as a string ("30", "4000.50"): exact, unlike a JSON number."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError(_("Send the number as a string, such as \"30\" or \"4000.00\"."))
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValidationError(_("Enter a number, such as \"30\" or \"4000.00\".")) from None
        if not number.is_finite():
            raise ValidationError(_("Enter a number, such as \"30\" or \"4000.00\"."))
        return number


def price_minor(amount, currency, field="price"):
    """``amount`` (currency units) in minor units; None stays None.

    :raise InvalidInput: naming ``field`` when it has more decimals than the currency has.
    """
    if amount is None:
        return None
    try:
        return Money.of(amount, currency).minor
    except MoneyError:
        raise InvalidInput(_("The price has more decimals than %(currency)s allows.", currency=currency),
                           {field: [_("Use at most two decimals, such as 4000.50.") if currency != "JPY"
                                    else _("Use a whole amount.")]}) from None


class FloorOrderInSchema(Schema):
    instrument = fields.String(required=True, metadata={"example": "ins_7k2m9q4r8t1v3x5z6w0b"})
    side = fields.String(required=True, validate=validate.OneOf([BUY, SELL]))
    kind = fields.String(load_default="limit", validate=validate.OneOf(ORDER_KINDS))
    quantity = DecimalText(required=True, metadata={"example": "100", "description": "In the floor's unit (t on "
                                                    "the steel floor); a whole number of lots"})
    price = DecimalText(load_default=None, allow_none=True, metadata={
        "example": "4000.00", "description": "Per unit, in the floor's currency; on a market order the protection "
                                             "price (the edge of today's band when left out)"})


class BatchItem(fields.Nested):
    """One order of a batch: a malformed one becomes its own refusal (an InvalidInput) instead of failing the batch."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            messages = error.messages if isinstance(error.messages, dict) else {"order": error.messages}
            errors = {("order" if field == "_schema" else field): found for field, found in messages.items()}
            return InvalidInput(_("Some fields of this order are not valid."), errors)


class FloorOrderBatchInSchema(Schema):
    orders = fields.List(BatchItem(FloorOrderInSchema), required=True,
                         validate=validate.Length(min=1, max=BATCH_LIMIT), metadata={
                             "description": f"1 to {BATCH_LIMIT} orders, each as POST /trading/orders takes it; "
                                            "they are handled in this order"})


class FloorOrderAmendSchema(Schema):
    price = DecimalText(load_default=None, allow_none=True, metadata={"example": "3990.00"})
    quantity = DecimalText(load_default=None, allow_none=True, metadata={
        "example": "50", "description": "The new open quantity; lowering it at the same price keeps the order's "
                                        "place in the queue"})


class FloorOrderQuery(PageQuery):
    instrument = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    live = fields.Boolean(load_default=False, metadata={"description": "Only open and partially filled orders"})


def _units(order, lots):
    return plain(order.lot_size * lots)


class FloorOrderSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    instrument = fields.String(attribute="instrument.public_id")
    instrument_code = fields.String(attribute="instrument.code")
    side = fields.String()
    kind = fields.String()
    price = fields.Function(lambda order: amount_text(order.price_minor, order.instrument.floor.currency),
                            metadata={"description": "The limit, or a market order's protection price"})
    currency = fields.String(attribute="instrument.floor.currency")
    unit = fields.String(attribute="instrument.floor.unit")
    quantity = fields.Function(lambda order: _units(order, order.quantity_lots))
    filled = fields.Function(lambda order: _units(order, order.filled_lots))
    remaining = fields.Function(lambda order: _units(order, order.remaining_lots))
    status = fields.String(metadata={"example": "partially_filled"})
    reason = fields.String(allow_none=True, metadata={"description": "Why it was cancelled or refused (a code)"})
    reason_text = fields.Function(lambda order: services.reason_text(order.reason) or None)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class FloorOrderWithFillsSchema(FloorOrderSchema):
    fills = fields.Method("_fills", metadata={
        "description": "Each trade of the order, oldest first: id, price, quantity (in the floor's unit), "
                       "liquidity (maker: it rested; taker: it came in), executed_at, and contract_id, the "
                       "contract awaiting payment that the fill made"})

    def _fills(self, order):
        currency = order.instrument.floor.currency
        return [{"id": trade.public_id, "price": amount_text(trade.price_minor, currency),
                 "quantity": plain(trade.quantity),
                 "liquidity": "taker" if trade.aggressor == order.side else "maker",
                 "executed_at": trade.executed_at.isoformat(),
                 "contract_id": contract.public_id if contract is not None else None}
                for trade, contract in services.fills_of(order)]


class BatchOutcomeSchema(Schema):
    status = fields.Integer(metadata={"example": 201, "description": "201: placed, see `order`; 422: refused and "
                                                                     "nothing of it stored, see `problem`"})
    order = fields.Nested(FloorOrderWithFillsSchema, metadata={"description": "As POST /trading/orders answers"})
    problem = fields.Nested(ProblemSchema, metadata={"description": "As POST /trading/orders refuses, with the "
                                                                    "field errors under `errors`"})


class FloorOrderBatchSchema(Schema):
    placed = fields.Integer(metadata={"description": "How many orders were placed"})
    refused = fields.Integer(metadata={"description": "How many were refused"})
    items = fields.List(fields.Nested(BatchOutcomeSchema), metadata={
        "description": "One outcome per order sent, in the same order"})
