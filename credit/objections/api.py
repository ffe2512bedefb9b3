"""Credit objections (异议) to official entries and applications for credit repair (信用修复)."""
from marketplace.api import api_blueprint

blp = api_blueprint("credit_objections_api", __name__, "Credit objections (异议) to official entries and applications for credit repair (信用修复).")
