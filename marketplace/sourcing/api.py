from marketplace.api import api_blueprint

blp = api_blueprint("sourcing_api", __name__, "Sourcing.")
