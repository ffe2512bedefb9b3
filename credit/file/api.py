"""Credit file: official entries entered and imported by oversight, and each enterprise's timeline of facts."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_file_api", __name__, "Credit file: official entries entered and imported by oversight, and each enterprise's timeline of facts.")
