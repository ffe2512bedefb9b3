"""``/api/v1/oversight/…``: transaction search, finding an enterprise and the enterprise 360 view (regulators)."""
from flask.views import MethodView
from flask_babel import get_locale

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.transactions import services
from marketplace.oversight.transactions.schemas import (
    Enterprise360Schema, FinderQuery, FinderSchema, TransactionPageSchema, TransactionQuery,
)
from marketplace.permissions import requires

blp = api_blueprint("oversight_transactions_api", __name__, "Transaction search and the enterprise 360 view.")


@blp.route("/oversight/transactions")
class Transactions(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(TransactionQuery, location="query")
    @blp.response(200, TransactionPageSchema)
    @blp.alt_response(422, schema=ProblemSchema, description="Contradicting filters, or an unknown enterprise, floor or instrument")
    def get(self, query):
        """Floor orders, trades, contracts, catalog orders, payments or shipments (one kind per call), newest first."""
        return services.search_transactions(query["search"], query["limit"], query["cursor"])


@blp.route("/oversight/enterprises")
class Enterprises(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(FinderQuery, location="query", as_kwargs=True)
    @blp.response(200, FinderSchema)
    def get(self, q):
        """Enterprises whose name contains ``q``, or whose credit code or id is ``q``."""
        return {"items": services.find_enterprises(q)}


@blp.route("/oversight/enterprises/<subject_id>")
class EnterpriseView(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, Enterprise360Schema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such enterprise")
    def get(self, subject_id):
        """The enterprise's whole footprint, its credit grade and its control group (with the graph's data)."""
        return services.enterprise_360(subject_id, str(get_locale()))
