"""``/api/v1/oversight/…``: transaction search and the enterprise 360 view."""
from marketplace.api import api_blueprint

blp = api_blueprint("oversight_transactions_api", __name__, "Transaction search and the enterprise 360 view.")
