"""``/api/v1`` routes of logistics epcis."""
from marketplace.api import api_blueprint

blp = api_blueprint("epcis_api", __name__, "Logistics: epcis.")
