"""``/api/v1/oversight/…``: surveillance rules (versioned, four-eyes), alerts and backtests."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_surveillance_api", __name__, "Surveillance rules (versioned, four-eyes), alerts and backtests.")
