"""``/api/v1`` for marketdata."""
from marketplace.api import api_blueprint

blp = api_blueprint("market_api", __name__, "Market data: last price, OHLCV bars, VWAP, depth, floor price indices.")
