from marketplace.api import api_blueprint

blp = api_blueprint("bookings_api", __name__, "Bookings.")
