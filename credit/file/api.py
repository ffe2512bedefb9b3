"""``/api/v1/credit/entries`` and ``/api/v1/credit/facts``: official entries and an enterprise's timeline.

An enterprise's token reads its own entries and timeline; staff tokens (operators and regulators,
scope credit:official) read any enterprise's, record entries and import files of them. A bad entry
or import gets a 422 naming each field (``rows.<n>.<field>`` for imports) and stores nothing.
"""
from flask import g
from flask_babel import gettext as _
from flask.views import MethodView

from credit.file import services
from credit.file.models import OfficialEntry
from credit.file.schemas import (
    CreditFactsQuery, CreditTimelineItemSchema, EntryImportInSchema, EntryImportReportSchema, OfficialEntryInSchema,
    OfficialEntryQuery, OfficialEntrySchema,
)
from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("credit_file_api", __name__, "Credit file: official entries entered and imported by oversight, "
                                                  "and each enterprise's timeline of facts.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing stored"}


def _staff():
    """A staff token acts for no enterprise: it reads every enterprise's file."""
    return g.get("enterprise") is None


@blp.route("/credit/entries")
class Entries(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(OfficialEntryQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(OfficialEntrySchema))
    def get(self, limit, cursor, credit_code=None, kind=None):
        """Official entries, newest first, with their history: an enterprise's token gets its own; a staff token
        any enterprise's (``credit_code`` to choose one)."""
        own = None if _staff() else g.enterprise
        statement = services.entries_statement(credit_code if own is None else None, kind, own).order_by(None)
        page = paginate(db.session, statement, OfficialEntry.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_CREDIT_OFFICIAL)
    @idempotent
    @blp.arguments(OfficialEntryInSchema)
    @blp.response(201, OfficialEntrySchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Record an official entry (staff tokens). Its publicity window follows from its severity; the
        enterprise is rescored and watchers are told."""
        return services.record_entry(actor(), data, source="api")


@blp.route("/credit/entries/<entry_id>")
class OneEntry(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, OfficialEntrySchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such entry about this token's enterprise")
    def get(self, entry_id):
        """One entry: content, publicity window, state today and steps."""
        return services.entry_for(entry_id, None if _staff() else g.enterprise)


@blp.route("/credit/entries/import")
class EntryImport(MethodView):
    @requires(policy.API_CREDIT_OFFICIAL)
    @idempotent
    @blp.arguments(EntryImportInSchema)
    @blp.response(200, EntryImportReportSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Import entries given as `entries` (objects) or `csv` (text with a header row). All or nothing: any
        refused row stores nothing and the answer is a 422 naming every refused row's fields as
        `rows.<n>.<field>`; with `store_valid_rows` the valid rows are stored and the report lists the rest."""
        if (data["entries"] is None) == (data["csv"] is None):
            message = _("Send the rows as either “entries” or “csv”.")
            raise InvalidInput(message, {"entries": [message]})
        rows = data["entries"] if data["entries"] is not None else services.rows_from_file("entries.csv",
                                                                                           data["csv"].encode())
        report = services.import_entries(actor(), rows, store_valid_rows=data["store_valid_rows"])
        if report.refused and not data["store_valid_rows"]:
            errors = {}
            for refusal in report.refused:
                errors.setdefault(f"rows.{refusal.row}.{refusal.field}", []).append(refusal.reason)
            raise InvalidInput(_("%(count)d of %(rows)d rows were refused; nothing was stored.",
                                 count=len(report.refused_rows), rows=report.rows), errors)
        return report


@blp.route("/credit/facts")
class Facts(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(CreditFactsQuery, location="query", as_kwargs=True)
    @blp.response(200, CreditTimelineItemSchema(many=True))
    @blp.alt_response(404, schema=ProblemSchema, description="No enterprise with this credit code")
    def get(self, credit_code=None):
        """The enterprise's credit file as one timeline, newest first: platform facts and official entries.
        A staff token names the enterprise by ``credit_code`` and also sees replaced and withdrawn facts."""
        if _staff():
            return services.timeline_of(services.enterprise_by_credit_code(credit_code), "oversight")
        return services.timeline_of(g.enterprise, "subject")
