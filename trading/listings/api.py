"""``/api/v1`` for listings."""
from marketplace.api import api_blueprint

blp = api_blueprint("floor_listings_api", __name__, "Listed-price purchase (挂牌) of non-standard lots on a floor.")
