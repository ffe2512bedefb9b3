"""Routes of the regulator console's market dashboards, exports and access log, and the rule each must declare."""

RULES = {
    "oversight_market.home": "oversight",
    "oversight_market.floor": "oversight",
    "oversight_market.instrument": "oversight",
    "oversight_market.trades": "oversight",
}
