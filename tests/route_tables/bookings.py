"""Routes of the bookings domain and the rule each must declare."""

RULES = {
    "bookings.resource_calendar": "signed_in",
    "bookings.request_booking": "enterprise_trader",
    "bookings.enterprise_bookings": "enterprise_member",
    "bookings.confirm": "enterprise_trader",
    "bookings.refuse": "enterprise_trader",
    "bookings.cancel": "enterprise_trader",
    "bookings.opening_hours": "enterprise_trader",
    "bookings.add_closure": "enterprise_trader",
    "bookings.remove_closure": "enterprise_trader",
    "bookings_api.ResourceAvailability": "api_catalog_read",
    "bookings_api.ResourceOpeningHours": "api_catalog_write",
    "bookings_api.Bookings": {"GET": "api_bookings_read", "POST": "api_bookings_write"},
    "bookings_api.OneBooking": "api_bookings_read",
    "bookings_api.ConfirmBooking": "api_bookings_write",
    "bookings_api.RefuseBooking": "api_bookings_write",
    "bookings_api.CancelBooking": "api_bookings_write",
}
