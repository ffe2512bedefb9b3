"""``/api/v1/ledger``: the enterprise's balances and ledger entries."""
from marketplace.api import api_blueprint

blp = api_blueprint("ledger_api", __name__, "Balances (available, in escrow, payable) and ledger entries.")
