"""``/api/v1/credit``: an enterprise's public credit summary, its detailed report for those who may read it
(the enterprise itself, oversight's staff tokens, authorised counterparties; every reading logged), the
authorisations an enterprise grants, and who read its report.

A token reads for its own enterprise: a counterparty's token reads another enterprise's report only
under an authorisation in force; a refusal is a 403 problem and logs nothing.
"""
from flask import Response, g
from flask.views import MethodView
from flask_babel import gettext as _

from credit.reports import services
from credit.reports.models import ReportView
from credit.reports.schemas import (
    CreditReportSchema, CreditSummarySchema, DetailedReportSchema, ReportAuthorisationInSchema,
    ReportAuthorisationQuery, ReportAuthorisationSchema, ReportViewSchema,
)
from marketplace import policy
from marketplace.accounts.services import visible_enterprise
from marketplace.api import PageQuery, ProblemSchema, api_blueprint, link_header, page_of, paginate
from marketplace.errors import Forbidden
from marketplace.extensions import db
from marketplace.home import current_language
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("credit_reports_api", __name__, "Credit reports: public summaries, authorised detailed reports "
                                                    "and their view log.")


def _reader():
    return services.reader_of(actor(), g.principal, g.get("enterprise"))


def _own_enterprise():
    """:raise Forbidden: for a staff token, which acts for no enterprise."""
    if g.get("enterprise") is None:
        raise Forbidden(_("A staff token acts for no enterprise; use a token of the enterprise."))
    return g.enterprise


@blp.route("/credit/enterprises/<credit_code>/summary")
class Summary(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, CreditSummarySchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No enterprise has this code (or it is not verified)")
    def get(self, credit_code):
        """The public summary: grade, verification, valid licences, official entries inside their publicity window."""
        enterprise = visible_enterprise(g.principal, services.enterprise_by_code(credit_code))
        return services.public_summary(enterprise)


@blp.route("/credit/enterprises/<credit_code>/report")
class DetailedReport(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, DetailedReportSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="Not this enterprise, not oversight, and no "
                                                              "authorisation in force from it; nothing is logged")
    @blp.alt_response(404, schema=ProblemSchema, description="No enterprise has this code")
    def get(self, credit_code):
        """The detailed report: grade, score, model version, points, reasons, official entries and the timeline of
        facts. The reading is logged and shown to the enterprise with the authorisation it rested on."""
        return services.read_report(_reader(), credit_code, services.API)


@blp.route("/credit/enterprises/<credit_code>/reports")
class Reports(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, CreditReportSchema(many=True))
    @blp.alt_response(403, schema=ProblemSchema, description="No access to this enterprise's detailed report")
    def get(self, credit_code):
        """The report PDFs about this enterprise the caller may fetch, newest first (a counterparty's own)."""
        return services.reports_about(_reader(), credit_code)

    @requires(policy.API_CREDIT_READ)
    @blp.response(202, CreditReportSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="No access to this enterprise's detailed report")
    @blp.alt_response(404, schema=ProblemSchema, description="No enterprise has this code")
    def post(self, credit_code):
        """Issue a credit report PDF as the enterprise stands now; it is ready within seconds (poll its status)."""
        return services.issue_report(_reader(), credit_code, current_language())


@blp.route("/credit/enterprises/<credit_code>/reports/<number>")
class OneReport(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, CreditReportSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such report of this enterprise")
    def get(self, credit_code, number):
        """A report's status and, once ready, its content and file hashes."""
        return services.issued_report(_reader(), credit_code, number)


@blp.route("/credit/enterprises/<credit_code>/reports/<number>/pdf")
class ReportPdf(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, description="The PDF; fetching it is a logged view of the detailed report",
                  content_type="application/pdf")
    @blp.alt_response(404, schema=ProblemSchema, description="No such report of this enterprise")
    @blp.alt_response(409, schema=ProblemSchema, description="Still being prepared, or it could not be")
    def get(self, credit_code, number):
        """The report PDF, once ready."""
        report, pdf = services.report_pdf(_reader(), credit_code, number)
        if pdf is None:
            raise services.ReportNotReady(_("This report is still being prepared; try again in a few seconds.")
                           if report.status == services.PENDING else
                           _("This report could not be prepared; issue a new one."))
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{report.number}.pdf"', "Cache-Control": "private, no-store"})


@blp.route("/credit/authorisations")
class Authorisations(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(ReportAuthorisationQuery, location="query", as_kwargs=True)
    @blp.response(200, ReportAuthorisationSchema(many=True))
    def get(self, held):
        """The authorisations this enterprise granted, newest first; with ``held=true``, those in force that let it
        read other enterprises' reports."""
        enterprise = _own_enterprise()
        return services.authorisations_held(enterprise) if held else services.authorisations_given(enterprise)

    @requires(policy.API_CREDIT_WRITE)
    @blp.arguments(ReportAuthorisationInSchema)
    @blp.response(201, ReportAuthorisationSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The token's creator is not an owner")
    @blp.alt_response(422, schema=ProblemSchema, description="Unknown code, the enterprise itself, an expiry in the "
                                                              "past or too far ahead; nothing stored")
    def post(self, data):
        """Let another enterprise read this enterprise's detailed report until the end of ``expires_on``."""
        return services.grant_authorisation(actor(), _own_enterprise(), data["grantee"], data["expires_on"],
                                            data["purpose"])


@blp.route("/credit/authorisations/<authorisation_id>")
class OneAuthorisation(MethodView):
    @requires(policy.API_CREDIT_WRITE)
    @blp.response(200, ReportAuthorisationSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The token's creator is not an owner")
    @blp.alt_response(404, schema=ProblemSchema, description="No such authorisation granted by this enterprise")
    def delete(self, authorisation_id):
        """Revoke an authorisation now; revoking it again changes nothing."""
        return services.revoke_authorisation(actor(), _own_enterprise(), authorisation_id)


@blp.route("/credit/views")
class Views(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ReportViewSchema))
    def get(self, limit, cursor):
        """Who read this enterprise's detailed report, newest first: person, their enterprise, capacity,
        authorisation, channel and time."""
        statement = services.views_statement(_own_enterprise())
        page = paginate(db.session, statement, ReportView.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)
