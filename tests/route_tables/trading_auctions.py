"""Routes of trading/auctions and the rule each must declare."""

RULES = {}
