"""Routes of the sourcing domain and the rule each must declare."""

RULES = {
}
