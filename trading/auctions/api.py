"""``/api/v1`` for auctions."""
from marketplace.api import api_blueprint

blp = api_blueprint("auctions_api", __name__, "English, sealed-bid and reverse (tender) auctions.")
