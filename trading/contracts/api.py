"""``/api/v1/contracts``: the contracts where the token's enterprise buys or sells, newest first."""
from flask import current_app, g
from flask.views import MethodView
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from marketplace import policy
from marketplace.api import api_blueprint, link_header, page_of
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.permissions import requires
from trading.contracts import services
from trading.contracts.models import Contract
from trading.contracts.schemas import ContractQuery, ContractSchema

blp = api_blueprint("contracts_api", __name__,
                    "Contracts made by fills, auction awards and listed-price purchases, from \"awaiting payment\" on.")


def _cursors():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="api-cursor-newest-first")


def _newest_first(statement, limit, cursor):
    """Keyset pagination downwards on ``Contract.id``: new contracts never shift a page being walked.

    :raise InvalidInput: for a cursor that was not issued by us.
    """
    if cursor:
        try:
            statement = statement.where(Contract.id < _cursors().loads(cursor))
        except BadSignature:
            raise InvalidInput(_("The cursor is not valid."),
                               {"cursor": [_("Use next_cursor from a previous page.")]}) from None
    rows = db.session.scalars(statement.order_by(Contract.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": _cursors().dumps(rows[-1].id) if more else None}


@blp.route("/contracts")
class Contracts(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.arguments(ContractQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ContractSchema))
    def get(self, limit, cursor, status=None):
        """Contracts where this enterprise is the buyer or the seller, newest first; ``status`` narrows them."""
        page = _newest_first(services.contracts_statement(g.enterprise, status), limit, cursor)
        return page, 200, link_header(page)


@blp.route("/contracts/<contract_id>")
class OneContract(MethodView):
    @requires(policy.API_TRADING_READ)
    @blp.response(200, ContractSchema)
    def get(self, contract_id):
        """One contract of this enterprise: parties, lot, quantity, price, amount, fees, delivery, status, source."""
        return services.contract_for(g.enterprise, contract_id)
