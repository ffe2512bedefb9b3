"""Request and response bodies of the market dashboards' API. Amounts are decimal strings in the floor's
currency (``currency``), quantities decimal strings in its unit (``unit``)."""
from marshmallow import Schema, fields


class OversightPeriodQuery(Schema):
    start = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "First Beijing day, included. Default: 29 days before `to`"})
    end = fields.Date(data_key="to", load_default=None, metadata={"description": "Last Beijing day, included. "
                                                                                 "Default: today"})


class OversightFloorRefSchema(Schema):
    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    currency = fields.String()
    unit = fields.String()


class OversightFiguresSchema(Schema):
    trades = fields.Integer()
    volume = fields.String(metadata={"description": "In the floor's unit"})
    turnover = fields.String(metadata={"description": "In the floor's currency"})
    orders = fields.Integer()
    listings = fields.Integer(metadata={"description": "Floor listings opened"})
    active_enterprises = fields.Integer(metadata={"description": "Placed an order or opened a listing"})
    alerts = fields.Integer(metadata={"description": "Surveillance alerts raised"})


class OversightDaySchema(OversightFiguresSchema):
    day = fields.Date()
    index = fields.String(allow_none=True, metadata={"description": "The floor index; null on a day without trades"})


class OversightTotalsSchema(OversightFiguresSchema):
    index_first = fields.String(allow_none=True)
    index_last = fields.String(allow_none=True)


class OversightInstrumentRefSchema(Schema):
    id = fields.String()
    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()


class OversightInstrumentFiguresSchema(OversightInstrumentRefSchema):
    trades = fields.Integer()
    volume = fields.String()
    turnover = fields.String()
    average_price = fields.String(allow_none=True)
    orders = fields.Integer()


class OversightFloorDashboardSchema(Schema):
    floor = fields.Nested(OversightFloorRefSchema)
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    totals = fields.Nested(OversightTotalsSchema)
    days = fields.List(fields.Nested(OversightDaySchema))
    instruments = fields.List(fields.Nested(OversightInstrumentFiguresSchema))


class OversightFloorSummarySchema(Schema):
    floor = fields.Nested(OversightFloorRefSchema)
    totals = fields.Nested(OversightTotalsSchema)


class OversightDayCountSchema(Schema):
    day = fields.Date()
    count = fields.Integer()


class OversightAmountSchema(Schema):
    currency = fields.String()
    amount = fields.String()


class OversightCatalogDaySchema(Schema):
    day = fields.Date()
    orders = fields.Integer(metadata={"description": "Catalog orders placed"})
    order_values = fields.List(fields.Nested(OversightAmountSchema), metadata={"description": "Per currency"})
    listings = fields.Integer(metadata={"description": "Catalog listings created"})
    enterprises = fields.Integer(metadata={"description": "Enterprises registered"})


class OversightPlatformSchema(Schema):
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    floors = fields.List(fields.Nested(OversightFloorSummarySchema))
    catalog = fields.List(fields.Nested(OversightCatalogDaySchema))
    verified_enterprises = fields.Integer(metadata={"description": "Verified now"})
    alerts = fields.List(fields.Nested(OversightDayCountSchema))
    complaints = fields.List(fields.Nested(OversightDayCountSchema), metadata={
        "description": "Complaints and reports filed on the platform (not counted per floor)"})


class OversightEnterpriseRefSchema(Schema):
    id = fields.String()
    credit_code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()


class OversightEnterpriseFiguresSchema(OversightEnterpriseRefSchema):
    trades = fields.Integer()
    bought = fields.String()
    sold = fields.String()
    turnover = fields.String()


class OversightInstrumentDrilldownSchema(Schema):
    floor = fields.Nested(OversightFloorRefSchema)
    instrument = fields.Nested(OversightInstrumentRefSchema)
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    enterprises = fields.List(fields.Nested(OversightEnterpriseFiguresSchema))


class OversightTradeLineSchema(Schema):
    id = fields.String()
    executed_at = fields.DateTime()
    side = fields.String(metadata={"description": "buy or sell: the side the enterprise took"})
    counterparty = fields.Nested(OversightEnterpriseRefSchema)
    price = fields.String(metadata={"description": "Per unit"})
    quantity = fields.String()
    amount = fields.String()


class OversightEnterpriseTradesSchema(Schema):
    floor = fields.Nested(OversightFloorRefSchema)
    enterprise = fields.Nested(OversightEnterpriseRefSchema)
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")
    limited = fields.Boolean(metadata={"description": "True when only the first 500 trades are listed"})
    trades = fields.List(fields.Nested(OversightTradeLineSchema))
