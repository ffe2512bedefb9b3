"""Routes of trading/listings and the rule each must declare."""

RULES = {
    "floor_listings.listing": "public",
    "floor_listings.purchase": "enterprise_trader",
    "floor_listings.new": "enterprise_trader",
    "floor_listings.mine": "enterprise_member",
    "floor_listings.withdraw": "enterprise_trader",
    "floor_listings_api.FloorListings": {"GET": "public", "POST": "api_trading_write"},
    "floor_listings_api.OneFloorListing": "public",
    "floor_listings_api.Purchases": "api_trading_write",
    "floor_listings_api.WithdrawFloorListing": "api_trading_write",
}
