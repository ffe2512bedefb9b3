"""``/api/v1/oversight/…``: complaints and reports, with their statutory clocks."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_complaints_api", __name__, "Complaints and reports, with their statutory clocks.")
