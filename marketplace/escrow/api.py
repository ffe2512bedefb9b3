"""``/api/v1/settlements``: the escrow of an order or contract — pay, ship, deliveries, cancel."""
from marketplace.api import api_blueprint

blp = api_blueprint("escrow_api", __name__, "Settlement of orders and contracts: escrow, payments, delivery, release and refunds.")
