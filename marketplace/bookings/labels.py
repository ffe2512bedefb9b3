"""Translated names of booking states and of the reasons a day has no slots."""
from flask_babel import lazy_gettext as _l

from marketplace.accounts import labels
from marketplace.bookings.calendar import Closed

STATUSES = ("requested", "confirmed", "refused", "cancelled")

labels.register("booking_status", {
    "requested": _l("Requested"),
    "confirmed": _l("Confirmed"),
    "refused": _l("Refused"),
    "cancelled": _l("Cancelled"),
}, STATUSES)

labels.register("closed", {
    Closed.HOLIDAY: _l("Public holiday"),
    Closed.NON_WORKING_DAY: _l("Not a working day"),
    Closed.CLOSURE: _l("Closed by the provider"),
    Closed.NO_HOURS: _l("No opening hours"),
})

labels.register("weekday", {
    0: _l("Monday"), 1: _l("Tuesday"), 2: _l("Wednesday"), 3: _l("Thursday"), 4: _l("Friday"),
    5: _l("Saturday"), 6: _l("Sunday"),
})
