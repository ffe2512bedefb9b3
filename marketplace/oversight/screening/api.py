"""``/api/v1/oversight/…``: listing screening, term lists, reviews and quality inspections."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_screening_api", __name__, "Listing screening, term lists, reviews and quality inspections.")
