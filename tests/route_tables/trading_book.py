"""Routes of trading/book and the rule each must declare."""

RULES = {}
