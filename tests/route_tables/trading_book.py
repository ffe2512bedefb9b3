"""Routes of trading/book and the rule each must declare."""

RULES = {
    "trading.floors_index": "enterprise_member",
    "trading.floor": "enterprise_member",
    "trading.instrument": "enterprise_member",
    "trading.live": "enterprise_member",
    "trading.place": "enterprise_trader",
    "trading.amend": "enterprise_trader",
    "trading.cancel": "enterprise_trader",
    "trading_api.Orders": {"GET": "api_trading_read", "POST": "api_trading_write"},
    "trading_api.OneOrder": {"GET": "api_trading_read", "PATCH": "api_trading_write"},
    "trading_api.CancelOrder": "api_trading_write",
    "trading_api.OrderBatches": "api_trading_write",
}
