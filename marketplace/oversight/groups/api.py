"""``/api/v1/oversight/…``: registered parties behind enterprises, and the control groups they make."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_groups_api", __name__, "Registered parties behind enterprises, and the control groups they make.")
