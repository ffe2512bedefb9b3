"""Routes of the catalog domain and the rule each must declare."""

RULES = {
}
