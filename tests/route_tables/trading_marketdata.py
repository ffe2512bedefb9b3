"""Routes of trading/marketdata and the rule each must declare."""

RULES = {}
