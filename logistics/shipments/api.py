"""``/api/v1`` routes of logistics shipments."""
from marketplace.api import api_blueprint

blp = api_blueprint("shipments_api", __name__, "Logistics: shipments.")
