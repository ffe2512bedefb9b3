"""API shapes of floors and instruments. Prices travel as decimal strings in currency units, quantities as
decimal strings beside their unit; never floats.
"""
from marshmallow import Schema, fields

from marketplace.database import utcnow
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.floors import services as floors


class SessionSchema(Schema):
    opens = fields.String(metadata={"example": "09:00", "description": "Asia/Shanghai local time, HH:MM"})
    closes = fields.String(metadata={"example": "11:30", "description": "exclusive; 24:00 is midnight"})


class AttributeDeclarationSchema(Schema):
    name = fields.String(metadata={"example": "grade"})
    kind = fields.String(metadata={"example": "choice", "description": "text, choice, choices, integer, decimal, "
                                                                       "date, cas, un_number or locode"})
    label_zh = fields.String(metadata={"example": "牌号"})
    label_en = fields.String(metadata={"example": "Grade"})
    required = fields.Boolean()
    choices = fields.List(fields.String())
    minimum = fields.Raw(metadata={"description": "integer, or a decimal string"})
    maximum = fields.Raw(metadata={"description": "integer, or a decimal string"})
    max_length = fields.Integer()


class SpecSchemaSchema(Schema):
    """The lot specification every instrument and listing of the floor is checked against."""

    attributes = fields.List(fields.Nested(AttributeDeclarationSchema))
    windows = fields.List(fields.List(fields.String()), metadata={
        "description": "[from, to] pairs of date fields; to may not be before from"})
    needs = fields.List(fields.List(fields.String()), metadata={
        "description": "[given, needed, meaningless value]: when given is set, needed must say something real"})


class FloorSchema(Schema):
    code = fields.String(metadata={"example": "steel"})
    name_zh = fields.String(metadata={"example": "钢材交易厅"})
    name_en = fields.String(metadata={"example": "Steel floor"})
    active = fields.Boolean()
    unit = fields.String(metadata={"example": "t"})
    currency = fields.String(metadata={"example": "CNY"})
    tick = fields.Function(lambda floor: amount_text(floor.tick_minor, floor.currency),
                           metadata={"example": "1.00", "description": "price step per unit, in currency units"})
    lot_size = fields.Function(lambda floor: plain(floor.lot_size),
                               metadata={"example": "10", "description": "units per lot"})
    max_order_lots = fields.Integer(metadata={"example": 500})
    band_percent = fields.Function(lambda floor: plain(floor.band_percent), metadata={
        "example": "5", "description": "± percent around the reference price (the previous settlement price)"})
    buyer_fee_bp = fields.Integer(metadata={"description": "basis points of the contract amount"})
    seller_fee_bp = fields.Integer(metadata={"description": "basis points of the contract amount"})
    deposit_percent = fields.Function(lambda floor: plain(floor.deposit_percent), metadata={
        "example": "20", "description": "share of a contract paid into escrow first (0: paid in full at once)"})
    inspection_days = fields.Integer(metadata={"description": "the buyer's inspection window after delivery, in "
                                                              "mainland working days"})
    sessions = fields.List(fields.Nested(SessionSchema))
    open_weekdays = fields.List(fields.Integer(), metadata={"description": "0 is Monday, 6 is Sunday"})
    closed_on_holidays = fields.Boolean(metadata={"description": "closed on mainland China public holidays"})
    closed_dates = fields.List(fields.String(), metadata={"description": "ISO dates the operator closes"})
    delivery_terms = fields.String()


class TodaySchema(Schema):
    trading_day = fields.Boolean(metadata={"description": "whether today (Beijing time) is a trading day"})
    open_now = fields.Boolean()
    next_open = fields.DateTime(allow_none=True, metadata={"description": "when the floor next opens"})
    closes_at = fields.DateTime(allow_none=True, metadata={"description": "end of the present session, if open"})


class FloorDetailSchema(FloorSchema):
    spec_schema = fields.Nested(SpecSchemaSchema)
    today = fields.Function(lambda floor: TodaySchema().dump(floors.floor_day(floor, utcnow())),
                            metadata={"description": "the floor's trading state now"})


class BandSchema(Schema):
    reference = fields.String(metadata={"example": "4000.00"})
    low = fields.String(metadata={"example": "3800.00"})
    high = fields.String(metadata={"example": "4200.00"})
    currency = fields.String(metadata={"example": "CNY"})


def _today(instrument):
    reference, band = floors.band_today(instrument, utcnow())
    currency = instrument.floor.currency
    return {"reference": amount_text(reference, currency), "low": amount_text(band.low, currency),
            "high": amount_text(band.high, currency), "currency": currency}


class InstrumentSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "ins_7k2m9q4r8t1v3x5z6w0b"})
    code = fields.String(metadata={"example": "RB-HRB400E-TJ-2612"})
    floor = fields.String(attribute="floor.code", metadata={"example": "steel"})
    name_zh = fields.String()
    name_en = fields.String()
    status = fields.String(metadata={"example": "listed", "description": "listed or suspended"})
    spec = fields.Dict(metadata={"example": {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20}})
    delivery_place = fields.String()
    delivery_month = fields.String(metadata={"example": "2026-12"})
    unit = fields.String(attribute="floor.unit")
    currency = fields.String(attribute="floor.currency")
    initial_reference_price = fields.Function(
        lambda instrument: amount_text(instrument.initial_reference_minor, instrument.floor.currency),
        metadata={"description": "centres the band until the instrument's first settlement price"})
    today_band = fields.Function(_today, metadata={"description": "today's reference price and price band"})
