"""Routes of trading/contracts and the rule each must declare."""

RULES = {}
