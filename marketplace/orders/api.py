from marketplace.api import api_blueprint

blp = api_blueprint("orders_api", __name__, "Orders.")
