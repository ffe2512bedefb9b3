"""``/api/v1`` for contracts."""
from marketplace.api import api_blueprint

blp = api_blueprint("contracts_api", __name__, "Contracts from fills, auction awards and listed-price purchases.")
