"""``/api/v1/oversight/…``: cases gathered from alerts, their work and evidence packages."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_cases_api", __name__, "Cases gathered from alerts, their work and evidence packages.")
