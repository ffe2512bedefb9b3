"""``/api/v1/oversight/exports…`` and ``/oversight/access-log``: reports for regulators' read-only tokens.

Taking a report is a read: an ``oversight:read`` token asks for a PDF (``POST``, 202; rendered off the
request path, followed with ``GET /oversight/exports/<id>``) or takes a CSV at once. Every request and
download is audited and written to the access log with channel "export".
"""
from flask import Response, current_app
from flask.views import MethodView

from marketplace import policy
from marketplace.api import ProblemSchema, api_blueprint
from marketplace.oversight.exports import reports, services
from marketplace.oversight.exports.schemas import (
    OversightAccessLogQuery, OversightAccessPageSchema, OversightExportInSchema, OversightExportSchema,
    OversightPeriodReportQuery,
)
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_exports_api", __name__, "Period reports, seller-identity reports, the regulator access log.")

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`); nothing recorded"}
_UNKNOWN = {"schema": ProblemSchema, "description": "No such report, or not ready yet"}


def _download(content, mimetype, name):
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                          "Cache-Control": "no-store"})


@blp.route("/oversight/exports")
class Exports(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, OversightExportSchema(many=True))
    def get(self):
        """The 50 most recent reports, newest first."""
        return reports.recent_exports()

    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(OversightExportInSchema)
    @blp.response(202, OversightExportSchema)
    @blp.alt_response(422, **_REFUSED)
    def post(self, body):
        """Ask for a PDF report; it is prepared off the request path (follow it with its URL)."""
        export = reports.request_export(actor(), body["kind"], body["floor"], body["start"], body["end"])
        reports.start_in_background(current_app._get_current_object(), export.id)
        return export


@blp.route("/oversight/exports/<export_id>")
class OneExport(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, OversightExportSchema)
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, export_id):
        """The report's state: pending, ready (with the PDF's SHA-256) or failed (with the error)."""
        return reports.export_named(export_id)


@blp.route("/oversight/exports/<export_id>/file")
class ExportFile(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, description="The PDF", content_type="application/pdf")
    @blp.alt_response(404, **_UNKNOWN)
    def get(self, export_id):
        """The ready PDF (logged as taken away)."""
        export, content = reports.pdf_of(export_id)
        return _download(content, "application/pdf", f"{export.kind}-{export.public_id}.pdf")


@blp.route("/oversight/exports/period-report.csv")
class PeriodReportCsv(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(OversightPeriodReportQuery, location="query", as_kwargs=True)
    @blp.response(200, description="One line per day: trades, volume and unit, turnover and currency, the index, "
                                   "orders, new listings, active enterprises, alerts, complaints",
                  content_type="text/csv")
    @blp.alt_response(404, schema=ProblemSchema, description="No such floor")
    @blp.alt_response(422, **_REFUSED)
    def get(self, floor, start, end):
        """The floor's figures day by day over the period (default: the last 30 days) as CSV."""
        board, content = reports.period_report_csv(actor(), floor, start, end)
        return _download(content, "text/csv", f"period-report-{board.floor.code}.csv")


@blp.route("/oversight/exports/seller-identity.csv")
class SellerIdentityCsv(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, description="Every seller's registered identity", content_type="text/csv")
    def get(self):
        """Every seller's name, credit code, legal representative, address, verified day and listings, as CSV."""
        return _download(reports.seller_identity_csv(actor()), "text/csv", "seller-identity.csv")


@blp.route("/oversight/access-log")
class AccessLog(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(OversightAccessLogQuery, location="query", as_kwargs=True)
    @blp.response(200, OversightAccessPageSchema)
    @blp.alt_response(422, **_REFUSED)
    def get(self, **filters):
        """Who read what about whom, newest first, 50 a page."""
        return services.access_log(**filters)
