"""Public market-data pages: every floor's index, prices and non-standard deals, and one instrument's
chart, depth and tape.

The pages carry every number as a table, so they read without JavaScript; ``market-charts.js``
draws the charts from the ``/api/v1/market`` JSON named in data- attributes and refreshes the
instrument page every few seconds.
"""
from flask import Blueprint, render_template, request

from marketplace import policy
from marketplace.permissions import requires
from trading.floors import services as floors
from trading.marketdata import services
from trading.marketdata.bars import HOUR, INTERVALS

bp = Blueprint("market", __name__)

BARS_SHOWN = 30
TAPE_SHOWN = 20
DEALS_SHOWN = 20


@bp.get("/market")
@requires(policy.PUBLIC)
def overview():
    """Each floor's price index with its chart, its instruments' last price, change, volume and VWAP, and its
    auction awards and listed-price purchases of the last 90 days (a scatter chart and the latest as a table)."""
    overviews = services.market_overview()
    deals = {overview.floor.id: services.floor_deals(overview.floor) for overview in overviews}
    return render_template("trading/market/overview.html", floors=overviews, deals=deals,
                           deal_days=services.DEFAULT_DEALS_SPAN.days, deals_shown=DEALS_SHOWN)


@bp.get("/market/instruments/<instrument_id>")
@requires(policy.PUBLIC)
def instrument(instrument_id):
    """One instrument: quote, candlestick chart (``?interval=1m|1h|1d``), five levels of depth, the tape.

    :raise NotFound: for an unknown instrument.
    """
    found = floors.instrument_by_public_id(instrument_id)
    interval = request.args.get("interval", HOUR)
    if interval not in INTERVALS:
        interval = HOUR
    series = services.bars(found, interval)
    return render_template("trading/market/instrument.html", instrument=found, interval=interval,
                           figures=services.trading_figures(found), depth=services.depth(found),
                           bars=list(reversed(series.bars))[:BARS_SHOWN], tape=services.tape(found, TAPE_SHOWN))
