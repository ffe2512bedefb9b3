"""Web pages: the console home with the platform dashboard, and per floor the figures over a period with
the drill-down to instruments, enterprises and single trades."""
from flask import Blueprint, render_template, request, url_for

from marketplace import policy
import marketplace.oversight.market.labels  # noqa: F401  (registers the side names the trades page shows)
from marketplace.oversight.market import services
from marketplace.oversight.market.charts import floor_charts, platform_charts
from marketplace.oversight.market.forms import PeriodForm
from marketplace.permissions import requires

bp = Blueprint("oversight_market", __name__)


@bp.get("/oversight")
@requires(policy.OVERSIGHT)
def home():
    """Every floor's figures over the period, alerts and complaints per day, links to each floor."""
    form = PeriodForm(request.args)
    chosen, status = form.chosen_period()
    platform = services.platform_dashboard(chosen)
    charts = platform_charts(platform, lambda floor: url_for(".floor", floor_code=floor.code, **chosen.as_query()))
    return render_template("oversight/market/home.html", form=form, platform=platform, charts=charts,
                           span=chosen.as_query()), status


@bp.get("/oversight/market/<floor_code>")
@requires(policy.OVERSIGHT)
def floor(floor_code):
    """The floor day by day, as charts with the numbers beside them, and its instruments with trades.

    :raise 404: for an unknown floor.
    """
    form = PeriodForm(request.args)
    chosen, status = form.chosen_period()
    dashboard = services.floor_dashboard(floor_code, chosen)
    charts = floor_charts(dashboard, lambda day: url_for(".floor", floor_code=floor_code, **{"from": day.isoformat(),
                                                                                               "to": day.isoformat()}))
    return render_template("oversight/market/floor.html", form=form, board=dashboard, charts=charts,
                           span=chosen.as_query()), status


@bp.get("/oversight/market/<floor_code>/instruments/<instrument_id>")
@requires(policy.OVERSIGHT)
def instrument(floor_code, instrument_id):
    """The enterprises that traded the instrument in the period. :raise 404: unknown floor or instrument."""
    form = PeriodForm(request.args)
    chosen, status = form.chosen_period()
    drilldown = services.instrument_drilldown(floor_code, instrument_id, chosen)
    return render_template("oversight/market/instrument.html", form=form, drilldown=drilldown,
                           span=chosen.as_query()), status


@bp.get("/oversight/market/<floor_code>/instruments/<instrument_id>/enterprises/<subject_id>")
@requires(policy.OVERSIGHT)
def trades(floor_code, instrument_id, subject_id):
    """One enterprise's single trades of the instrument in the period. :raise 404: unknown floor, instrument
    or enterprise."""
    form = PeriodForm(request.args)
    chosen, status = form.chosen_period()
    found = services.enterprise_trades(floor_code, instrument_id, subject_id, chosen)
    return render_template("oversight/market/trades.html", form=form, found=found, span=chosen.as_query()), status
