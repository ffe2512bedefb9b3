"""``/api/v1/ledger``: the enterprise's balances and ledger entries."""
from flask import g
from flask.views import MethodView
from sqlalchemy import select

from marketplace import policy
from marketplace.api import api_blueprint, link_header, page_of, paginate
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerEntry
from marketplace.ledger.schemas import BalanceSchema, EntryQuery, EntrySchema
from marketplace.ledger.views import balances_by_currency, statement_lines
from marketplace.permissions import requires
from marketplace.sourcing.schemas import price as amount_text

blp = api_blueprint("ledger_api", __name__, "Balances (available, in escrow, payable) and ledger entries.")


@blp.route("/ledger/balances")
class Balances(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, BalanceSchema(many=True))
    def get(self):
        """What the platform holds for this enterprise per currency, summed from its ledger entries."""
        table = balances_by_currency(ledger.balances_of(g.enterprise), postings.ENTERPRISE_KINDS)
        return [{"currency": currency, **{kind: amount_text(amount, currency) for kind, amount in row.items()}}
                for currency, row in table.items()]


@blp.route("/ledger/entries")
class Entries(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(EntryQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(EntrySchema))
    def get(self, limit, cursor, account=None):
        """This enterprise's ledger entries, newest first, each with its transaction and deal."""
        statement = select(LedgerEntry).where(LedgerEntry.enterprise_id == g.enterprise.id)
        if account:
            statement = statement.where(LedgerEntry.account_kind == account)
        page = paginate(db.session, statement, LedgerEntry.id, limit, cursor, newest_first=True)
        page["items"] = statement_lines(page["items"])
        return page, 200, link_header(page)
