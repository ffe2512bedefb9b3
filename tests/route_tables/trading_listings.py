"""Routes of trading/listings and the rule each must declare."""

RULES = {}
