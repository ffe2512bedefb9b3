"""``/api/v1/credit/terms``: the grade → trading terms table, and the token's enterprise's grade and terms."""
from flask import g
from flask.views import MethodView

from credit.scoring.model import GRADES
from credit.terms import services
from credit.terms.schemas import CreditTermsSchema
from credit.terms.table import TERMS_CURRENCY
from marketplace import policy
from marketplace.api import api_blueprint
from marketplace.permissions import requires
from trading.book import services as book

blp = api_blueprint("credit_terms_api", __name__, "Trading terms by credit grade.")


@blp.route("/credit/terms")
class Terms(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, CreditTermsSchema)
    def get(self):
        """Every grade's terms (deposit share, open-order limit, open-account limit, whether it may trade), and the
        token's enterprise's grade, terms and open orders' value now."""
        table = services.terms_table()
        enterprise = g.get("enterprise")
        mine = services.enterprise_terms(enterprise, book.open_order_value_minor) if enterprise else None
        return {"currency": TERMS_CURRENCY, "grades": [table[grade] for grade in GRADES], "enterprise": mine}
