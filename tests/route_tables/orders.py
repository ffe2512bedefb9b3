"""Routes of the orders domain and the rule each must declare."""

RULES = {
}
