"""``/api/v1/disputes``: open, answer, add evidence, read."""
from marketplace.api import api_blueprint

blp = api_blueprint("disputes_api", __name__, "Disputes about deliveries.")
