"""``/api/v1/market``: public market data. No token needed; every call counts against the API rate limit."""
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.permissions import requires
from trading.floors import services as floors
from trading.marketdata import services
from trading.marketdata.index import BASE
from trading.marketdata.schemas import (
    MarketBarsQuery, MarketBarsSchema, MarketDealsQuery, MarketDealsSchema, MarketDepthSchema, MarketFloorIndexSchema,
    MarketFloorListSchema, MarketFloorOverviewSchema, MarketIndexQuery, MarketQuoteSchema, MarketTapeQuery,
    MarketTapeSchema,
)

blp = api_blueprint("market_api", __name__, "Market data: last price, OHLCV bars, VWAP, depth, floor price indices.")

_BAD_SPAN = {"schema": ProblemSchema, "description": "An unknown interval, a reversed span, or more than the "
                                                     "allowed number of bars or days (field errors under `errors`)"}
_UNKNOWN = {"schema": ProblemSchema, "description": "No such floor or instrument"}


@blp.route("/market/floors")
class Floors(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.response(200, MarketFloorListSchema)
    def get(self):
        """Every floor with its price index: the latest level and its change from the day with trades before."""
        return {"items": services.floor_indices()}


@blp.route("/market/floors/<code>")
class OneFloor(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.response(200, MarketFloorOverviewSchema)
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, code):
        """A floor's index and the quote of each of its instruments (the market page's table)."""
        return services.floor_overview(floors.floor_by_code(code))


@blp.route("/market/floors/<code>/index")
class FloorIndex(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.arguments(MarketIndexQuery, location="query", as_kwargs=True)
    @blp.response(200, MarketFloorIndexSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_SPAN)
    def get(self, code, since, until):
        """The floor's price index, one point per Beijing day with trades: base 1000 on its first such day,
        volume-weighted over its instruments and chain-linked day to day."""
        floor = floors.floor_by_code(code)
        return {"floor": floor.code, "base": BASE, "points": services.floor_index(floor, since, until)}


@blp.route("/market/floors/<code>/deals")
class FloorDeals(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.arguments(MarketDealsQuery, location="query", as_kwargs=True)
    @blp.response(200, MarketDealsSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_SPAN)
    def get(self, code, since, until):
        """The floor's non-standard deals over [from, to): auction awards and listed-price purchases, with
        quantity, price per unit and amount (never who dealt). At most 400 days at once."""
        return services.floor_deals(floors.floor_by_code(code), since, until)


@blp.route("/market/instruments/<instrument_id>/quote")
class Quote(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.response(200, MarketQuoteSchema)
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, instrument_id):
        """Last price and change against the previous settlement, the day's open, high, low, volume, turnover and
        VWAP (of the latest Beijing day with trades, named in ``day``), and the best bid and ask now."""
        return services.quote(floors.instrument_by_public_id(instrument_id))


@blp.route("/market/instruments/<instrument_id>/bars")
class Bars(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.arguments(MarketBarsQuery, location="query", as_kwargs=True)
    @blp.response(200, MarketBarsSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_SPAN)
    def get(self, instrument_id, interval, since, until):
        """OHLCV bars of 1 minute, 1 hour or 1 day over [from, to), at most 1500 at once; day bars carry the
        day's settlement price."""
        return services.bars(floors.instrument_by_public_id(instrument_id), interval, since, until)


@blp.route("/market/instruments/<instrument_id>/depth")
class Depth(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.response(200, MarketDepthSchema)
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, instrument_id):
        """Five price levels a side of the book as it stands: price, quantity (in the unit and in lots), orders."""
        return services.depth(floors.instrument_by_public_id(instrument_id))


@blp.route("/market/instruments/<instrument_id>/trades")
class Trades(MethodView):
    @requires(policy.PUBLIC)
    @blp.doc(security=[])
    @blp.arguments(MarketTapeQuery, location="query", as_kwargs=True)
    @blp.response(200, MarketTapeSchema)
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, instrument_id, limit):
        """The trade tape, newest first: time, price, quantity and the aggressor side (never who traded)."""
        instrument = floors.instrument_by_public_id(instrument_id)
        return {"instrument": instrument, "currency": instrument.floor.currency, "unit": instrument.floor.unit,
                "items": services.tape(instrument, limit)}
