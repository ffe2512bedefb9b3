"""Routes of trading/auctions and the rule each must declare."""

RULES = {
    "auctions_api.Auctions": {"GET": "public", "POST": "api_trading_write"},
    "auctions_api.OneAuction": "public",
    "auctions_api.Bids": "api_trading_write",
    "auctions_api.DisqualifyBid": "api_trading_write",
    "auctions_api.CancelAuction": "api_trading_write",
}
