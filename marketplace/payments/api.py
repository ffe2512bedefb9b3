"""``/api/v1/cards``: the enterprise's saved cards."""
from marketplace.api import api_blueprint

blp = api_blueprint("payments_api", __name__, "The enterprise's saved payment cards.")
