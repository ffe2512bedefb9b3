"""Routes of trading/auctions and the rule each must declare."""

RULES = {
    "auctions_api.Auctions": {"GET": "public", "POST": "api_trading_write"},
    "auctions_api.OneAuction": "public",
    "auctions_api.Bids": "api_trading_write",
    "auctions_api.DisqualifyBid": "api_trading_write",
    "auctions_api.CancelAuction": "api_trading_write",
    "auctions.auctions": "public",
    "auctions.auction": "public",
    "auctions.enterprise_auction": "enterprise_member",
    "auctions.bid": "enterprise_trader",
    "auctions.disqualify": "enterprise_trader",
    "auctions.cancel": "enterprise_trader",
    "auctions.new": "enterprise_trader",
    "auctions.mine": "enterprise_member",
}
