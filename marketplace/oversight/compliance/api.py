"""``/api/v1/oversight/…``: floor compliance profiles and their lint against the State Council's rules for spot venues."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_compliance_api", __name__, "Floor compliance profiles and their lint against the State Council's rules for spot venues.")
