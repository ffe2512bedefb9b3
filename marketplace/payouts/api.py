"""``/api/v1/payouts``: what the enterprise was paid out, and its payout account."""
from marketplace.api import api_blueprint

blp = api_blueprint("payouts_api", __name__, "Payouts to sellers.")
