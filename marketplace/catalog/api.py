from marketplace.api import api_blueprint

blp = api_blueprint("catalog_api", __name__, "Catalog.")
