"""Routes of the search domain and the rule each must declare."""

RULES = {
}
