"""``/api/v1/oversight/…``: decisions and sanctions under four-eyes approval."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_sanctions_api", __name__, "Decisions and sanctions under four-eyes approval.")
