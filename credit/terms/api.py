"""Trading terms by credit grade."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_terms_api", __name__, "Trading terms by credit grade.")
