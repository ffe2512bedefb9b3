"""``/api/v1`` routes of logistics readers."""
from marketplace.api import api_blueprint

blp = api_blueprint("readers_api", __name__, "Logistics: readers.")
