from marketplace.api import api_blueprint

blp = api_blueprint("search_api", __name__, "Search.")
