"""``/api/v1/payouts``: what the enterprise was paid out, and its payout account."""
from flask import g
from flask.views import MethodView
from flask_babel import gettext as _

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import NotFound
from marketplace.extensions import db
from marketplace.payouts import services
from marketplace.payouts.models import Payout
from marketplace.payouts.schemas import PayoutAccountInSchema, PayoutAccountSchema, PayoutSchema
from marketplace.permissions import requires

blp = api_blueprint("payouts_api", __name__, "Payouts to sellers.")


@blp.route("/payouts")
class Payouts(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(PayoutSchema))
    def get(self, limit, cursor):
        """Payouts to this enterprise, newest first: bank batch or gateway transfer, in transit, paid or returned."""
        page = paginate(db.session, services.payouts_statement(g.enterprise), Payout.id, limit, cursor,
                        newest_first=True)
        return page, 200, link_header(page)


@blp.route("/payouts/account")
class Account(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, PayoutAccountSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No payout account yet")
    def get(self):
        """Where this enterprise is paid."""
        account = services.payout_account_of(g.enterprise)
        if account is None:
            raise NotFound(_("This enterprise has not said where it is paid yet."))
        return account

    @requires(policy.API_SETTLEMENT_WRITE)
    @blp.arguments(PayoutAccountInSchema)
    @blp.response(200, PayoutAccountSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The token's person is not an owner of the enterprise")
    @blp.alt_response(422, schema=ProblemSchema, description="An account number that is not 8 to 30 digits, or a "
                                                              "missing bank or name")
    def put(self, data):
        """Set where this enterprise is paid (owners only): later payouts go there."""
        return services.save_payout_account(db.session.get(User, g.principal.user_id), g.enterprise,
                                            data["bank_name"], data["account_name"], data["account_number"],
                                            data["connected_account_id"])
