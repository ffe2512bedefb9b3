"""``/api/v1`` routes of logistics tracing."""
from marketplace.api import api_blueprint

blp = api_blueprint("tracing_api", __name__, "Logistics: tracing.")
