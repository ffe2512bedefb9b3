"""``/api/v1/oversight/…``: market dashboards: turnover, volume, price index, alerts and complaints per floor and period, with drill-down."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_market_api", __name__, "Market dashboards: turnover, volume, price index, alerts and complaints per floor and period, with drill-down.")
