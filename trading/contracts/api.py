"""``/api/v1/contracts``: the contracts where the token's enterprise buys or sells, newest first."""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.api import api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.permissions import requires
from trading.contracts import services
from trading.contracts.models import Contract
from trading.contracts.schemas import ContractQuery, ContractSchema

blp = api_blueprint("contracts_api", __name__,
                    "Contracts made by fills, auction awards and listed-price purchases, from \"awaiting payment\" on.")


@blp.route("/contracts")
class Contracts(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.arguments(ContractQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ContractSchema))
    def get(self, limit, cursor, status=None):
        """Contracts where this enterprise is the buyer or the seller, newest first; ``status`` narrows them."""
        page = paginate(db.session, services.contracts_statement(g.enterprise, status), Contract.id, limit, cursor,
                        newest_first=True)
        return page, 200, link_header(page)


@blp.route("/contracts/<contract_id>")
class OneContract(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.response(200, ContractSchema)
    def get(self, contract_id):
        """One contract of this enterprise: parties, lot, quantity, price, amount, fees, delivery, status, source."""
        return services.contract_for(g.enterprise, contract_id)
