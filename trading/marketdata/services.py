"""Market data read from stored trades and the live book: quotes, bars, depth, the tape, floor indices,
and the non-standard deals of a floor (auction awards and listed-price purchases, which no book holds).

All of it is public: prices, quantities and times, never who traded. Reads go through the
``(instrument_id, executed_at)`` index of the trades table and fetch plain columns, never whole
rows; the floor index is aggregated per instrument and Beijing calendar day inside the database,
so a floor with weeks of history (tens of thousands of trades) answers from a few hundred rows.
"""
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from trading.auctions.models import Auction
from trading.book import services as book
from trading.book.models import Trade
from trading.checks import settlement_price
from trading.contracts.models import Contract
from trading.floors import services as floors
from trading.floors.models import Floor, Instrument
from trading.listings.models import FloorListing
from trading.marketdata import bars as bar_maths
from trading.marketdata.bars import DAY, HOUR, INTERVALS, MINUTE, Change, local_day
from trading.marketdata.index import DayTrading, IndexPoint, chain_index

MAX_BARS = 1500
DEFAULT_SPANS = {MINUTE: timedelta(hours=6), HOUR: timedelta(days=10), DAY: timedelta(days=180)}
MAX_INDEX_DAYS = 3660
MAX_TAPE = 100
AUCTION_AWARD, LISTED_LOT = "auction", "listing"
DEFAULT_DEALS_SPAN = timedelta(days=90)
MAX_DEALS_DAYS = 400


@dataclass(frozen=True)
class BookLevel:
    price: int
    lots: int
    quantity: Decimal
    orders: int


@dataclass(frozen=True)
class Depth:
    instrument: Instrument
    bids: list[BookLevel]
    asks: list[BookLevel]


@dataclass(frozen=True)
class Quote:
    """One instrument's figures for its latest day with trades (``day``), and the best prices now.

    ``change`` compares the last price with ``reference``, that day's reference price (the previous
    settlement). An instrument that never traded has no day, no last price and no change.
    """
    instrument: Instrument
    day: date | None
    last: int | None
    last_at: datetime | None
    reference: int
    change: Change | None
    open: int | None
    high: int | None
    low: int | None
    volume: Decimal
    lots: int
    turnover: int
    vwap: int | None
    best_bid: BookLevel | None = None
    best_ask: BookLevel | None = None


@dataclass(frozen=True)
class BarSeries:
    instrument: Instrument
    interval: str
    since: datetime
    until: datetime
    bars: list[dict]


@dataclass(frozen=True)
class TapeEntry:
    number: int
    executed_at: datetime
    price: int
    quantity: Decimal
    lots: int
    aggressor: str


@dataclass(frozen=True)
class Deal:
    """One non-standard deal: an auction award (``kind`` "auction", ``auction_kind`` english, sealed or
    reverse) or a listed-price purchase ("listing"); ``lot`` is the public id of the auction or listing."""
    made_at: datetime
    kind: str
    auction_kind: str | None
    lot: str
    title_zh: str
    title_en: str
    quantity: Decimal
    unit: str
    price: int
    amount: int
    currency: str


@dataclass(frozen=True)
class DealSeries:
    floor: Floor
    since: datetime
    until: datetime
    deals: list[Deal]


@dataclass(frozen=True)
class IndexSummary:
    """The floor index at its latest day with trades, and its change from the day with trades before."""
    day: date
    level: Decimal
    change: Decimal
    percent: Decimal


@dataclass(frozen=True)
class FloorIndexLevel:
    floor: Floor
    index: IndexSummary | None


@dataclass(frozen=True)
class FloorOverview:
    floor: Floor
    index: IndexSummary | None
    quotes: list[Quote]
    points: list[IndexPoint]


# --- quotes ------------------------------------------------------------------------------------------

def _trades_between(instrument, since, until):
    """``(time, price, units, lots)`` of the instrument's trades in [since, until), in execution order."""
    return db.session.execute(
        select(Trade.executed_at, Trade.price_minor, Trade.quantity, Trade.quantity_lots)
        .where(Trade.instrument_id == instrument.id, Trade.executed_at >= since, Trade.executed_at < until)
        .order_by(Trade.executed_at, Trade.number)).all()


def _whole_minor(amount):
    return int(Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP))


def _last_trade_at(instrument, now):
    """When the instrument last traded up to ``now``; None when it never did."""
    return db.session.scalar(select(func.max(Trade.executed_at)).where(
        Trade.instrument_id == instrument.id, Trade.executed_at <= now))


def trading_figures(instrument, now=None):
    """The quote without the book: the figures of the instrument's latest day with trades up to ``now``."""
    now = now or utcnow()
    last_at = _last_trade_at(instrument, now)
    if last_at is None:
        today = local_day(now)
        return Quote(instrument, None, None, None, floors.reference_price(instrument, today), None,
                     None, None, None, Decimal(0), 0, 0, None)
    day = local_day(last_at)
    rows = _trades_between(instrument, floors.day_start(day), min(floors.day_start(day + timedelta(days=1)),
                                                                   now + timedelta(microseconds=1)))
    [bar] = bar_maths.bars([(moment, price, units) for moment, price, units, _lots in rows], DAY)
    reference = floors.reference_price(instrument, day)
    return Quote(instrument, day, bar.close, last_at, reference, bar_maths.change(bar.close, reference),
                 bar.open, bar.high, bar.low, Decimal(bar.volume), sum(row.quantity_lots for row in rows),
                 _whole_minor(bar.turnover), bar.vwap)


def quote(instrument, now=None):
    """Last price, change, the day's open/high/low, volume, turnover and VWAP, and the best bid and ask now."""
    figures = trading_figures(instrument, now)
    shown = depth(instrument)
    return replace(figures, best_bid=next(iter(shown.bids), None), best_ask=next(iter(shown.asks), None))


# --- depth and the tape -----------------------------------------------------------------------------

def depth(instrument):
    """Five price levels a side as the committed book stands; quantities in lots and in the floor's unit."""
    lot_size = instrument.floor.lot_size
    levels = book.market_depth(instrument)
    return Depth(instrument, *([BookLevel(level.price, level.quantity, level.quantity * lot_size, level.orders)
                                for level in side] for side in (levels.bids, levels.asks)))


def tape(instrument, limit=20):
    """The most recent trades, newest first: time, price, quantity and which side took liquidity."""
    limit = max(1, min(limit, MAX_TAPE))
    rows = db.session.execute(
        select(Trade.number, Trade.executed_at, Trade.price_minor, Trade.quantity, Trade.quantity_lots,
               Trade.aggressor)
        .where(Trade.instrument_id == instrument.id)
        .order_by(Trade.executed_at.desc(), Trade.number.desc()).limit(limit)).all()
    return [TapeEntry(*row) for row in rows]


# --- bars --------------------------------------------------------------------------------------------

def bar_span(interval, since=None, until=None, now=None):
    """The span a bars request covers: defaults filled in, and held to ``MAX_BARS`` bars.

    :raise InvalidInput: for an unknown interval, an empty or reversed span, or too many bars.
    """
    if interval not in INTERVALS:
        raise InvalidInput(_("Choose an interval of 1m, 1h or 1d."), {"interval": [_("Use 1m, 1h or 1d.")]})
    until = until or now or utcnow()
    since = since or until - DEFAULT_SPANS[interval]
    if since >= until:
        raise InvalidInput(_("The start must come before the end."), {"from": [_("Use a time before “to”.")]})
    if bar_maths.bucket_count(since, until, interval) > MAX_BARS:
        message = _("At most %(count)d bars can be asked for at once; shorten the span or use a longer interval.",
                    count=MAX_BARS)
        raise InvalidInput(message, {"from": [message]})
    return since, until


def _end_of_latest_bar(instrument, interval, now):
    latest = _last_trade_at(instrument, now)
    return now if latest is None else bar_maths.bucket_start(latest, interval) + INTERVALS[interval]


def bars(instrument, interval, since=None, until=None, now=None):
    """OHLCV bars of ``interval`` over [since, until), local Beijing buckets; day bars carry the settlement.

    Without a span, the default span ends with the bar of the latest trade, so a chart shows the
    last hours of trading even at night or over a weekend.
    :raise InvalidInput: as ``bar_span`` does.
    """
    if since is None and until is None and interval in INTERVALS:
        until = _end_of_latest_bar(instrument, interval, now or utcnow())
    since, until = bar_span(interval, since, until, now)
    rows = _trades_between(instrument, since, until)
    tick = instrument.floor.tick_minor
    shown = []
    for bar in bar_maths.bars([(moment, price, units) for moment, price, units, _lots in rows], interval):
        shown.append({"start": bar.start, "open": bar.open, "high": bar.high, "low": bar.low, "close": bar.close,
                      "volume": Decimal(bar.volume), "turnover": _whole_minor(bar.turnover), "vwap": bar.vwap,
                      "trades": bar.trades,
                      "settlement": settlement_price(bar.turnover, bar.volume, tick) if interval == DAY else None})
    return BarSeries(instrument, interval, since, until, shown)


# --- non-standard deals ------------------------------------------------------------------------------

def deal_span(since=None, until=None, now=None):
    """The span a deals request covers: by default the last 90 days up to ``until`` (or now).

    :raise InvalidInput: for an empty or reversed span, or one longer than ``MAX_DEALS_DAYS`` days.
    """
    until = until or now or utcnow()
    since = since or until - DEFAULT_DEALS_SPAN
    if since >= until:
        raise InvalidInput(_("The start must come before the end."), {"from": [_("Use a time before “to”.")]})
    if until - since > timedelta(days=MAX_DEALS_DAYS):
        message = _("At most %(count)d days can be asked for at once.", count=MAX_DEALS_DAYS)
        raise InvalidInput(message, {"from": [message]})
    return since, until


def floor_deals(floor, since=None, until=None, now=None):
    """The floor's auction awards and listed-price purchases made in [since, until), oldest first.

    Read from their contracts, the one record of a price agreed outside the books; only the terms are
    shown, never the enterprises. :raise InvalidInput: as ``deal_span`` does.
    """
    since, until = deal_span(since, until, now)
    rows = db.session.execute(
        select(Contract.created_at, Contract.source, Auction.kind, Auction.public_id, FloorListing.public_id,
               Contract.title_zh, Contract.title_en, Contract.quantity, Contract.unit, Contract.price_minor,
               Contract.amount_minor, Contract.currency)
        .outerjoin(Auction, Auction.id == Contract.auction_id)
        .outerjoin(FloorListing, FloorListing.id == Contract.floor_listing_id)
        .where(Contract.floor_id == floor.id, Contract.source.in_((AUCTION_AWARD, LISTED_LOT)),
               Contract.created_at >= since, Contract.created_at < until)
        .order_by(Contract.created_at, Contract.id)).all()
    deals = [Deal(made_at, source, auction_kind, auction_id or listing_id, title_zh, title_en, quantity, unit,
                  price, amount, currency)
             for (made_at, source, auction_kind, auction_id, listing_id, title_zh, title_en, quantity, unit, price,
                  amount, currency) in rows]
    return DealSeries(floor, since, until, deals)


# --- the floor index ----------------------------------------------------------------------------------

def _local_day_of(column):
    """The Beijing calendar day of a stored UTC time, computed by the database (China keeps UTC+8 all year)."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("Asia/Shanghai", column))
    return func.date(column, "+8 hours")


def _daily_trading(floor, until_day):
    day = _local_day_of(Trade.executed_at).label("day")
    rows = db.session.execute(
        select(Trade.instrument_id, day, func.sum(Trade.quantity_lots),
               func.sum(Trade.price_minor * Trade.quantity_lots))
        .join(Instrument, Instrument.id == Trade.instrument_id)
        .where(Instrument.floor_id == floor.id, Trade.executed_at < floors.day_start(until_day + timedelta(days=1)))
        .group_by(Trade.instrument_id, day)).all()
    days = {}
    for instrument_id, traded_on, lots, turnover in rows:
        traded_on = traded_on if isinstance(traded_on, date) else date.fromisoformat(traded_on)
        days.setdefault(traded_on, {})[instrument_id] = DayTrading(int(lots), int(turnover))
    return days


def floor_index(floor, since=None, until=None, now=None):
    """The floor's index points (one per Beijing day with trades) from ``since`` to ``until``, inclusive.

    Volumes are counted in lots, which all instruments of a floor share. See ``trading.marketdata.index``.
    :raise InvalidInput: for a reversed span or one longer than ``MAX_INDEX_DAYS`` days.
    """
    until = until or local_day(now or utcnow())
    if since is not None and since > until:
        raise InvalidInput(_("The start must come before the end."), {"from": [_("Use a day before “to”.")]})
    if since is not None and (until - since).days > MAX_INDEX_DAYS:
        message = _("At most %(count)d days can be asked for at once.", count=MAX_INDEX_DAYS)
        raise InvalidInput(message, {"from": [message]})
    points = chain_index(_daily_trading(floor, until))
    return [point for point in points if since is None or point.day >= since]


def index_summary(points: list[IndexPoint]):
    """The latest level of an index and its change from the point before; None before any trade."""
    if not points:
        return None
    latest = points[-1]
    earlier = points[-2].level if len(points) > 1 else latest.level
    change = latest.level - earlier
    percent = (change * 100 / earlier).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return IndexSummary(latest.day, latest.level, change, percent)


def floor_overview(floor, now=None):
    """The floor's index and each listed instrument's figures, for the market page and the floor list."""
    now = now or utcnow()
    quotes = [trading_figures(instrument, now) for instrument in floors.instruments_of(floor)]
    points = floor_index(floor, now=now)
    return FloorOverview(floor, index_summary(points), quotes, points)


def floor_indices(now=None):
    """Every active floor with its index summary (None before its first trade), for the floor list."""
    now = now or utcnow()
    return [FloorIndexLevel(floor, index_summary(floor_index(floor, now=now))) for floor in floors.floors()]


def market_overview(now=None):
    """Every active floor with its index summary and its instruments' figures."""
    now = now or utcnow()
    return [floor_overview(floor, now) for floor in floors.floors()]
