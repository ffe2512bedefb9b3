"""Credit watchlists and signed webhooks telling an enterprise of its counterparties' grade changes and new entries."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_watchlists_api", __name__, "Credit watchlists and signed webhooks telling an enterprise of its counterparties' grade changes and new entries.")
