"""Market dashboards for the regulator console: what each trading floor did day by day over a period
(trades, turnover, volume, the floor index, orders, listings, active enterprises, alerts and
complaints), the platform's view of every floor, and the drill-down from a floor to its
instruments, to the enterprises that traded one, to that enterprise's single trades.

Aggregates of a floor are public market data; who traded is not, so the enterprise and trade
drill-downs are written to the regulator access log.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from marketplace.database import transaction
from marketplace.errors import InvalidInput, NotFound
from marketplace.i18n import shanghai_day
from marketplace.oversight.complaints import services as complaints
from marketplace.oversight.exports.services import log_access
from marketplace.oversight.market import sources
from marketplace.oversight.market.periods import MAX_DAYS, Period, PeriodRefused, period_of
from marketplace.oversight.surveillance.alerts import alert_counts_by_day
from trading.floors import services as floors
from trading.marketdata.services import floor_index


@dataclass(frozen=True)
class DayFigures:
    """One Shanghai day of a floor; ``index`` is None on a day without trades. (Complaints are counted for
    the whole platform, not per floor: ``PlatformDashboard.complaints``.)"""
    day: date
    trades: int
    volume: Decimal
    turnover: int
    orders: int
    listings: int
    active_enterprises: int
    index: Decimal | None
    alerts: int


@dataclass(frozen=True)
class Totals:
    trades: int
    volume: Decimal
    turnover: int
    orders: int
    listings: int
    active_enterprises: int
    index_first: Decimal | None
    index_last: Decimal | None
    alerts: int


@dataclass(frozen=True)
class InstrumentFigures:
    instrument: object
    trades: int
    volume: Decimal
    turnover: int
    orders: int

    @property
    def average_price(self):
        """Volume-weighted average price per unit, in minor units."""
        return _whole(Decimal(self.turnover) / self.volume) if self.volume else None


@dataclass(frozen=True)
class FloorDashboard:
    floor: object
    period: Period
    days: list[DayFigures]
    totals: Totals
    instruments: list[InstrumentFigures]


@dataclass(frozen=True)
class CatalogDay:
    """The platform outside the floors on one day: catalog orders (count and value per currency), catalog
    listings created, enterprises registered."""
    day: date
    orders: int
    order_values: dict
    listings: int
    enterprises: int


@dataclass(frozen=True)
class PlatformDashboard:
    period: Period
    floors: list[FloorDashboard]
    catalog: list[CatalogDay]
    verified_enterprises: int
    alerts: dict
    complaints: dict

    @property
    def catalog_values(self):
        """The period's catalog order value per currency."""
        totals = {}
        for row in self.catalog:
            for currency, minor in row.order_values.items():
                totals[currency] = totals.get(currency, 0) + minor
        return totals


@dataclass(frozen=True)
class EnterpriseFigures:
    enterprise: object
    trades: int
    bought: Decimal
    sold: Decimal
    turnover: int


@dataclass(frozen=True)
class InstrumentDrilldown:
    floor: object
    instrument: object
    period: Period
    enterprises: list[EnterpriseFigures]


@dataclass(frozen=True)
class TradeLine:
    trade: object
    side: str
    counterparty: object
    amount: int


@dataclass(frozen=True)
class EnterpriseTrades:
    floor: object
    instrument: object
    enterprise: object
    period: Period
    trades: list[TradeLine]
    limited: bool


def _whole(value):
    return int(Decimal(value or 0).quantize(Decimal(1), ROUND_HALF_UP))


def period(start=None, end=None):
    """The period asked for (default: the last 30 Shanghai days up to today).

    :raise InvalidInput: for a start after the end or a period longer than a year.
    """
    try:
        return period_of(start, end, shanghai_day())
    except PeriodRefused as refusal:
        if refusal.reason == "reversed":
            raise InvalidInput(_("The start must come before the end."),
                               {"from": [_("Use a day before “to”.")]}) from None
        message = _("At most %(count)d days can be shown at once.", count=MAX_DAYS)
        raise InvalidInput(message, {"from": [message]}) from None


def bounds(chosen: Period):
    """The UTC moments ``[since, until)`` of the period's Shanghai days."""
    return floors.day_start(chosen.start), floors.day_start(chosen.end + timedelta(days=1))


def alert_counts(chosen, floor=None):
    """``{day: alerts raised}`` from surveillance, of one floor or of all."""
    return alert_counts_by_day(chosen.start, chosen.end, floor=None if floor is None else floor.code)


def complaint_counts(chosen):
    """``{day: complaints and reports filed}`` on the whole platform (complaints are not counted per floor)."""
    return {row["day"]: row["total"] for row in complaints.counts_by_day(chosen.start, chosen.end)}


def floor_named(floor_code):
    """:raise NotFound: for an unknown floor code."""
    return floors.floor_by_code(floor_code)


def floor_dashboard(floor_code, chosen):
    """The floor's day-by-day figures over ``chosen``, its totals and its instruments with trades."""
    with transaction():
        floor = floor_named(floor_code)
        since, until = bounds(chosen)
        active = sources.active_enterprise_days(floor.id, since, until)
        days = _day_figures(floor, chosen, since, until, active)
        return FloorDashboard(floor, chosen, days, _totals(days, len({pair[1] for pair in active})),
                              _instruments(floor, since, until))


def _day_figures(floor, chosen, since, until, active_pairs):
    trades = sources.daily_trades(floor.id, since, until)
    orders = sources.daily_orders(floor.id, since, until)
    listings = sources.daily_listings(floor.id, since, until)
    active = {}
    for day, _enterprise in active_pairs:
        active[day] = active.get(day, 0) + 1
    index = {point.day: point.level for point in floor_index(floor, since=chosen.start, until=chosen.end)}
    alerts = alert_counts(chosen, floor)
    return [DayFigures(day, *_trade_figures(trades.get(day)), orders.get(day, 0), listings.get(day, 0),
                       active.get(day, 0), index.get(day), alerts.get(day, 0))
            for day in chosen.days]


def _trade_figures(row):
    if row is None:
        return 0, Decimal(0), 0
    count, volume, turnover = row
    return count, Decimal(volume), _whole(turnover)


def _totals(days, active_enterprises):
    levels = [day.index for day in days if day.index is not None]
    return Totals(sum(day.trades for day in days), sum((day.volume for day in days), Decimal(0)),
                  sum(day.turnover for day in days), sum(day.orders for day in days),
                  sum(day.listings for day in days), active_enterprises,
                  levels[0] if levels else None, levels[-1] if levels else None, sum(day.alerts for day in days))


def _instruments(floor, since, until):
    orders = sources.instrument_order_counts(floor.id, since, until)
    return [InstrumentFigures(instrument, count, Decimal(volume), _whole(turnover), orders.get(instrument.id, 0))
            for instrument, count, volume, turnover in sources.instrument_totals(floor.id, since, until)]


def platform_dashboard(chosen):
    """Every active floor over ``chosen``, the catalog and registrations, alerts and complaints per day."""
    with transaction():
        return PlatformDashboard(chosen, [floor_dashboard(floor.code, chosen) for floor in floors.floors()],
                                 _catalog_days(chosen), sources.verified_enterprises(), alert_counts(chosen),
                                 complaint_counts(chosen))


def _catalog_days(chosen):
    since, until = bounds(chosen)
    orders = sources.catalog_orders_daily(since, until)
    listings = sources.catalog_listings_daily(since, until)
    registered = sources.enterprises_registered_daily(since, until)
    return [CatalogDay(day, sum(count for count, _value in orders.get(day, {}).values()),
                       {currency: value for currency, (_count, value) in orders.get(day, {}).items()},
                       listings.get(day, 0), registered.get(day, 0)) for day in chosen.days]


def _instrument_of(floor, instrument_id):
    """:raise NotFound: when the instrument is unknown or belongs to another floor."""
    instrument = floors.instrument_by_public_id(instrument_id)
    if instrument.floor_id != floor.id:
        raise NotFound(_("There is no such instrument."))
    return instrument


def instrument_drilldown(floor_code, instrument_id, chosen):
    """The enterprises that traded the instrument in the period, largest turnover first (logged: it names them)."""
    with transaction():
        floor = floor_named(floor_code)
        instrument = _instrument_of(floor, instrument_id)
        since, until = bounds(chosen)
        figures = {}
        for enterprise_id, side, count, volume, turnover in sources.enterprise_sides(instrument.id, since, until):
            trades, bought, sold, amount = figures.get(enterprise_id, (0, Decimal(0), Decimal(0), Decimal(0)))
            figures[enterprise_id] = (trades + count, bought + (Decimal(volume) if side == "buy" else 0),
                                      sold + (Decimal(volume) if side == "sell" else 0), amount + Decimal(turnover))
        named = sources.enterprises_by_id(figures)
        rows = sorted((EnterpriseFigures(named[key], count, bought, sold, _whole(amount))
                       for key, (count, bought, sold, amount) in figures.items()),
                      key=lambda row: (-row.turnover, row.enterprise.name_zh))
        log_access("market_instrument_enterprises", subject=instrument.public_id, query=chosen.as_query())
        return InstrumentDrilldown(floor, instrument, chosen, rows)


def enterprise_trades(floor_code, instrument_id, subject_id, chosen):
    """One enterprise's single trades of the instrument in the period, with the counterparty (logged).

    :raise NotFound: for an unknown enterprise.
    """
    with transaction():
        floor = floor_named(floor_code)
        instrument = _instrument_of(floor, instrument_id)
        enterprise = sources.enterprise_by_public_id(subject_id)
        if enterprise is None:
            raise NotFound(_("There is no such enterprise."))
        since, until = bounds(chosen)
        found = sources.trades_of(instrument.id, enterprise.id, since, until)
        others = sources.enterprises_by_id({t.seller_enterprise_id if t.buyer_enterprise_id == enterprise.id
                                            else t.buyer_enterprise_id for t in found})
        lines = [_trade_line(trade, enterprise, others) for trade in found]
        log_access("market_enterprise_trades", subject=enterprise.public_id,
                   query=chosen.as_query() | {"instrument": instrument.public_id})
        return EnterpriseTrades(floor, instrument, enterprise, chosen, lines, len(found) >= sources.TRADE_ROWS_LIMIT)


def _trade_line(trade, enterprise, others):
    bought = trade.buyer_enterprise_id == enterprise.id
    counterparty = others[trade.seller_enterprise_id if bought else trade.buyer_enterprise_id]
    return TradeLine(trade, "buy" if bought else "sell", counterparty, _whole(trade.price_minor * trade.quantity))
