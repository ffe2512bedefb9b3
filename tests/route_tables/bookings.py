"""Routes of the bookings domain and the rule each must declare."""

RULES = {
}
