"""API shapes of market data. Each body names its currency and unit once; prices are decimal strings in
currency units per unit ("4120.00"), quantities decimal strings in that unit ("30"), never floats."""
from marshmallow import Schema, fields, validate

from marketplace.bookings.calendar import SHANGHAI
from marketplace.sourcing.schemas import plain
from marketplace.sourcing.schemas import price as amount_text
from trading.marketdata.bars import INTERVALS
from trading.marketdata.services import MAX_TAPE


def _price(minor, currency):
    return None if minor is None else amount_text(minor, currency)


def _currency(obj):
    return obj.instrument.floor.currency


class MarketBarsQuery(Schema):
    interval = fields.String(load_default="1h", validate=validate.OneOf(sorted(INTERVALS)), metadata={
        "description": "1m, 1h or 1d (Beijing-time buckets; a day bar is a calendar day)"})
    since = fields.AwareDateTime(data_key="from", load_default=None, default_timezone=SHANGHAI, metadata={
        "description": "ISO 8601 (without an offset: Beijing time). Default: 6 hours (1m), 10 days (1h) or "
                       "180 days (1d) before `to`"})
    until = fields.AwareDateTime(data_key="to", load_default=None, default_timezone=SHANGHAI, metadata={
        "description": "ISO 8601, exclusive. Default: now; when `from` is missing too, the end of the latest "
                       "trade's bar, so a chart shows the last trading hours even at night"})


class MarketIndexQuery(Schema):
    since = fields.Date(data_key="from", load_default=None,
                        metadata={"description": "First day; default: the floor's first day with trades"})
    until = fields.Date(data_key="to", load_default=None,
                        metadata={"description": "Last day, inclusive; default today (Beijing)"})


class MarketDealsQuery(Schema):
    since = fields.AwareDateTime(data_key="from", load_default=None, default_timezone=SHANGHAI, metadata={
        "description": "ISO 8601 (without an offset: Beijing time). Default: 90 days before `to`; the span may be "
                       "at most 400 days"})
    until = fields.AwareDateTime(data_key="to", load_default=None, default_timezone=SHANGHAI, metadata={
        "description": "ISO 8601, exclusive. Default: now"})


class MarketTapeQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_TAPE))


class MarketInstrumentRefSchema(Schema):
    id = fields.String(attribute="public_id")
    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    floor = fields.String(attribute="floor.code")


class MarketLevelSchema(Schema):
    price = fields.String()
    quantity = fields.String(metadata={"description": "In the unit"})
    lots = fields.Integer()
    orders = fields.Integer(metadata={"description": "How many orders rest at this price"})


def _level(level, currency):
    if level is None:
        return None
    return MarketLevelSchema().dump({"price": _price(level.price, currency), "quantity": plain(level.quantity),
                                     "lots": level.lots, "orders": level.orders})


class MarketQuoteSchema(Schema):
    instrument = fields.Nested(MarketInstrumentRefSchema)
    currency = fields.Function(_currency)
    unit = fields.Function(lambda quote: quote.instrument.floor.unit)
    lot_size = fields.Function(lambda quote: plain(quote.instrument.floor.lot_size))
    day = fields.Date(allow_none=True, metadata={"description": "The Beijing day the figures are of: the latest "
                                                                "with trades"})
    last = fields.Function(lambda quote: _price(quote.last, _currency(quote)))
    last_at = fields.DateTime(allow_none=True)
    reference = fields.Function(lambda quote: _price(quote.reference, _currency(quote)),
                                metadata={"description": "The previous settlement price, the centre of the band"})
    change = fields.Function(lambda quote: _price(quote.change.absolute, _currency(quote)) if quote.change else None)
    percent = fields.Function(lambda quote: str(quote.change.percent) if quote.change else None)
    open = fields.Function(lambda quote: _price(quote.open, _currency(quote)))
    high = fields.Function(lambda quote: _price(quote.high, _currency(quote)))
    low = fields.Function(lambda quote: _price(quote.low, _currency(quote)))
    volume = fields.Function(lambda quote: plain(quote.volume), metadata={"description": "In the unit"})
    lots = fields.Integer()
    turnover = fields.Function(lambda quote: _price(quote.turnover, _currency(quote)))
    vwap = fields.Function(lambda quote: _price(quote.vwap, _currency(quote)))
    best_bid = fields.Method("_best_bid", allow_none=True)
    best_ask = fields.Method("_best_ask", allow_none=True)

    def _best_bid(self, quote):
        return _level(quote.best_bid, _currency(quote))

    def _best_ask(self, quote):
        return _level(quote.best_ask, _currency(quote))


class MarketBarSchema(Schema):
    start = fields.DateTime(metadata={"description": "Start of the bar, Beijing time (+08:00)"})
    open = fields.String()
    high = fields.String()
    low = fields.String()
    close = fields.String()
    volume = fields.String()
    turnover = fields.String()
    vwap = fields.String()
    trades = fields.Integer()
    settlement = fields.String(allow_none=True, metadata={"description": "Day bars: the day's settlement price"})


class MarketBarsSchema(Schema):
    instrument = fields.String(attribute="instrument.public_id")
    interval = fields.String()
    since = fields.DateTime(data_key="from")
    until = fields.DateTime(data_key="to")
    currency = fields.Function(_currency)
    unit = fields.Function(lambda series: series.instrument.floor.unit)
    bars = fields.Method("_bars", metadata={"description": "Non-empty bars, oldest first"})

    def _bars(self, series):
        currency = _currency(series)
        shown = [{**bar, **{name: _price(bar[name], currency)
                            for name in ("open", "high", "low", "close", "turnover", "vwap", "settlement")},
                  "volume": plain(bar["volume"])} for bar in series.bars]
        return MarketBarSchema(many=True).dump(shown)


class MarketDepthSchema(Schema):
    instrument = fields.String(attribute="instrument.public_id")
    currency = fields.Function(_currency)
    unit = fields.Function(lambda shown: shown.instrument.floor.unit)
    bids = fields.Method("_bids", metadata={"description": "Best first; up to five levels"})
    asks = fields.Method("_asks", metadata={"description": "Best first; up to five levels"})

    def _bids(self, shown):
        return [_level(level, _currency(shown)) for level in shown.bids]

    def _asks(self, shown):
        return [_level(level, _currency(shown)) for level in shown.asks]


class MarketTapeEntrySchema(Schema):
    number = fields.Integer(metadata={"description": "The trade's number on this instrument"})
    executed_at = fields.DateTime()
    price = fields.String()
    quantity = fields.String()
    lots = fields.Integer()
    aggressor = fields.String(metadata={"description": "buy or sell: the side that took liquidity"})


class MarketTapeSchema(Schema):
    instrument = fields.String(attribute="instrument.public_id")
    currency = fields.String()
    unit = fields.String()
    items = fields.Method("_items")

    def _items(self, tape):
        return MarketTapeEntrySchema(many=True).dump(
            [{**entry.__dict__, "price": _price(entry.price, tape["currency"]), "quantity": plain(entry.quantity)}
             for entry in tape["items"]])


class MarketIndexSummarySchema(Schema):
    day = fields.Date()
    value = fields.String(attribute="level")
    change = fields.String()
    percent = fields.String()


class MarketFloorIndexItemSchema(Schema):
    code = fields.String(attribute="floor.code")
    name_zh = fields.String(attribute="floor.name_zh")
    name_en = fields.String(attribute="floor.name_en")
    currency = fields.String(attribute="floor.currency")
    unit = fields.String(attribute="floor.unit")
    index = fields.Nested(MarketIndexSummarySchema, allow_none=True,
                          metadata={"description": "The latest level and its change from the day with trades "
                                                   "before; null until the floor's first trade"})


class MarketFloorListSchema(Schema):
    items = fields.List(fields.Nested(MarketFloorIndexItemSchema))


class MarketIndexPointSchema(Schema):
    day = fields.Date()
    value = fields.String(attribute="level")


class MarketFloorIndexSchema(Schema):
    floor = fields.String()
    base = fields.Integer(metadata={"description": "The index is 1000 on the floor's first day with trades"})
    points = fields.List(fields.Nested(MarketIndexPointSchema),
                         metadata={"description": "One per Beijing day with trades, oldest first"})


class MarketFloorOverviewSchema(MarketFloorIndexItemSchema):
    instruments = fields.List(fields.Nested(MarketQuoteSchema), attribute="quotes",
                              metadata={"description": "Each instrument's quote, without the best bid and ask"})


class MarketDealSchema(Schema):
    made_at = fields.DateTime(metadata={"description": "When the contract was made"})
    kind = fields.String(metadata={"description": "auction (an auction award) or listing (a listed-price purchase)"})
    auction_kind = fields.String(allow_none=True, metadata={"description": "english, sealed or reverse; null for "
                                                                          "a listing"})
    lot = fields.String(metadata={"description": "The public id of the auction or the listing"})
    title_zh = fields.String()
    title_en = fields.String()
    quantity = fields.String(metadata={"description": "In the unit"})
    price = fields.String(metadata={"description": "Per unit, in the currency"})
    amount = fields.String()


class MarketDealsSchema(Schema):
    floor = fields.String(attribute="floor.code")
    since = fields.DateTime(data_key="from")
    until = fields.DateTime(data_key="to")
    currency = fields.String(attribute="floor.currency")
    unit = fields.String(attribute="floor.unit")
    deals = fields.Method("_deals", metadata={"description": "Auction awards and listed-price purchases of "
                                                             "non-standard lots, oldest first; never who dealt"})

    def _deals(self, series):
        return MarketDealSchema(many=True).dump(
            [{**deal.__dict__, "quantity": plain(deal.quantity), "price": _price(deal.price, deal.currency),
              "amount": _price(deal.amount, deal.currency)} for deal in series.deals])
