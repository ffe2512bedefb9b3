"""``/api/v1`` for floors."""
from marketplace.api import api_blueprint

blp = api_blueprint("floors_api", __name__, "Trading floors and their instruments: rules, sessions, bands, fees, lot specifications.")
