"""Routes of trading/marketdata and the rule each must declare: market data is public."""

RULES = {
    "market.overview": "public",
    "market.instrument": "public",
    "market_api.Floors": "public",
    "market_api.OneFloor": "public",
    "market_api.FloorIndex": "public",
    "market_api.FloorDeals": "public",
    "market_api.Quote": "public",
    "market_api.Bars": "public",
    "market_api.Depth": "public",
    "market_api.Trades": "public",
}
