"""``/api/v1/oversight/…``: period reports, seller-identity reports, the regulator access log."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_exports_api", __name__, "Period reports, seller-identity reports, the regulator access log.")
