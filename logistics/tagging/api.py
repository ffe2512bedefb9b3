"""``/api/v1`` routes of logistics tagging."""
from marketplace.api import api_blueprint

blp = api_blueprint("tagging_api", __name__, "Logistics: tagging.")
