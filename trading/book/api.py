"""``/api/v1`` for book."""
from marketplace.api import api_blueprint

blp = api_blueprint("trading_api", __name__, "Orders on an instrument's book: place, amend, cancel; fills become contracts.")
