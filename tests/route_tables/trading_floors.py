"""Routes of trading/floors and the rule each must declare."""

RULES = {}
