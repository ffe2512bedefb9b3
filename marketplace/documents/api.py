"""``/api/v1/documents``: contracts, statements, receipts and payout statements as PDF."""
from marketplace.api import api_blueprint

blp = api_blueprint("documents_api", __name__, "Stored PDF documents.")
