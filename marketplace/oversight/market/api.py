"""``/api/v1/oversight/market…``: the market dashboards for staff tokens (oversight:read): the platform's
floors over a period, one floor day by day with its instruments, and the drill-down to the enterprises
that traded an instrument and to one enterprise's single trades (those two are logged)."""
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.market import services
from marketplace.oversight.market.schemas import (
    OversightEnterpriseTradesSchema, OversightFloorDashboardSchema, OversightInstrumentDrilldownSchema,
    OversightPeriodQuery, OversightPlatformSchema,
)
from marketplace.permissions import requires
from marketplace.sourcing.schemas import plain, price

blp = api_blueprint("oversight_market_api", __name__, "Market dashboards: turnover, volume, price index, alerts and complaints per floor and period, with drill-down.")

_BAD_PERIOD = {"schema": ProblemSchema, "description": "A reversed period or one longer than a year (field errors "
                                                       "under `errors`)"}
_UNKNOWN = {"schema": ProblemSchema, "description": "No such floor, instrument or enterprise"}


def _floor(floor):
    return {"code": floor.code, "name_zh": floor.name_zh, "name_en": floor.name_en, "currency": floor.currency,
            "unit": floor.unit}


def _figures(row, currency):
    return {"trades": row.trades, "volume": plain(row.volume), "turnover": price(row.turnover, currency),
            "orders": row.orders, "listings": row.listings, "active_enterprises": row.active_enterprises,
            "alerts": row.alerts}


def _level(value):
    return None if value is None else str(value)


def _totals(board):
    return _figures(board.totals, board.floor.currency) | {"index_first": _level(board.totals.index_first),
                                                           "index_last": _level(board.totals.index_last)}


def _dashboard(board):
    currency = board.floor.currency
    return {"floor": _floor(board.floor), "start": board.period.start, "end": board.period.end,
            "totals": _totals(board),
            "days": [_figures(row, currency) | {"day": row.day, "index": _level(row.index)} for row in board.days],
            "instruments": [_instrument(row.instrument) | {
                "trades": row.trades, "volume": plain(row.volume), "turnover": price(row.turnover, currency),
                "average_price": None if row.average_price is None else price(row.average_price, currency),
                "orders": row.orders} for row in board.instruments]}


def _instrument(instrument):
    return {"id": instrument.public_id, "code": instrument.code, "name_zh": instrument.name_zh,
            "name_en": instrument.name_en}


def _enterprise(enterprise):
    return {"id": enterprise.public_id, "credit_code": enterprise.credit_code, "name_zh": enterprise.name_zh,
            "name_en": enterprise.name_en}


def _platform(platform):
    return {"start": platform.period.start, "end": platform.period.end,
            "floors": [{"floor": _floor(board.floor), "totals": _totals(board)} for board in platform.floors],
            "catalog": [{"day": row.day, "orders": row.orders, "listings": row.listings, "enterprises": row.enterprises,
                         "order_values": [{"currency": currency, "amount": price(minor, currency)}
                                          for currency, minor in sorted(row.order_values.items())]}
                        for row in platform.catalog],
            "verified_enterprises": platform.verified_enterprises,
            "alerts": _per_day(platform.alerts), "complaints": _per_day(platform.complaints)}


def _per_day(counts):
    return [{"day": day, "count": count} for day, count in sorted(counts.items())]


@blp.route("/oversight/market")
class Platform(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(OversightPeriodQuery, location="query", as_kwargs=True)
    @blp.response(200, OversightPlatformSchema)
    @blp.alt_response(422, **_BAD_PERIOD)
    def get(self, start, end):
        """Every active floor's totals over the period (default: the last 30 days); catalog orders, listings and
        registrations, alerts and complaints per day."""
        return _platform(services.platform_dashboard(services.period(start, end)))


@blp.route("/oversight/market/<floor_code>")
class FloorDashboard(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(OversightPeriodQuery, location="query", as_kwargs=True)
    @blp.response(200, OversightFloorDashboardSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_PERIOD)
    def get(self, floor_code, start, end):
        """The floor day by day (trades, volume, turnover, the index, orders, listings, active enterprises,
        alerts, complaints), its totals and its instruments with trades."""
        return _dashboard(services.floor_dashboard(floor_code, services.period(start, end)))


@blp.route("/oversight/market/<floor_code>/instruments/<instrument_id>")
class InstrumentDrilldown(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(OversightPeriodQuery, location="query", as_kwargs=True)
    @blp.response(200, OversightInstrumentDrilldownSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_PERIOD)
    def get(self, floor_code, instrument_id, start, end):
        """The enterprises that traded the instrument in the period, largest turnover first (logged)."""
        found = services.instrument_drilldown(floor_code, instrument_id, services.period(start, end))
        currency = found.floor.currency
        return {"floor": _floor(found.floor), "instrument": _instrument(found.instrument),
                "start": found.period.start, "end": found.period.end,
                "enterprises": [_enterprise(row.enterprise) | {
                    "trades": row.trades, "bought": plain(row.bought), "sold": plain(row.sold),
                    "turnover": price(row.turnover, currency)} for row in found.enterprises]}


@blp.route("/oversight/market/<floor_code>/instruments/<instrument_id>/enterprises/<subject_id>")
class EnterpriseTrades(MethodView):
    @requires(policy.API_OVERSIGHT_READ)
    @blp.arguments(OversightPeriodQuery, location="query", as_kwargs=True)
    @blp.response(200, OversightEnterpriseTradesSchema)
    @blp.alt_response(404, **_UNKNOWN)
    @blp.alt_response(422, **_BAD_PERIOD)
    def get(self, floor_code, instrument_id, subject_id, start, end):
        """One enterprise's single trades of the instrument in the period, with the counterparty (logged)."""
        found = services.enterprise_trades(floor_code, instrument_id, subject_id, services.period(start, end))
        currency = found.floor.currency
        return {"floor": _floor(found.floor), "enterprise": _enterprise(found.enterprise),
                "start": found.period.start, "end": found.period.end, "limited": found.limited,
                "trades": [{"id": line.trade.public_id, "executed_at": line.trade.executed_at, "side": line.side,
                            "counterparty": _enterprise(line.counterparty),
                            "price": price(line.trade.price_minor, currency), "quantity": plain(line.trade.quantity),
                            "amount": price(line.amount, currency)} for line in found.trades]}
