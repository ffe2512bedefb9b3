"""``/api/v1/oversight/complaints…``: enterprises file and follow complaints and reports; regulators handle them.

An enterprise token (complaints:read / complaints:write) files a complaint about one of its orders or
contracts, files a report, and reads what it filed and what is filed against it, never the reporter.
A regulator's staff token (oversight:read / oversight:write) reads everything and takes the steps.
"""
from flask import g
from flask.views import MethodView

from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, \
    paginate
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.models import Complaint
from marketplace.oversight.complaints.schemas import (
    ComplaintAnswerInSchema, ComplaintInSchema, ComplaintsQuery, FiledReportSchema, HandlingInSchema,
    PartyComplaintSchema, PeriodQuery, RegulatorComplaintSchema, ReportInSchema, StatisticsSchema,
)
from marketplace.oversight.exports.services import log_access
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("oversight_complaints_api", __name__, (
    "Complaints (投诉) and reports (举报), with their statutory clocks in mainland working days: accept or "
    "refuse within 7; mediation ends after 45 without agreement and both parties are told within 7; a violation "
    "found is verified within 15 (+15 once, with a reason); a named reporter learns within 5 whether a case was "
    "opened. Enterprise tokens file and follow their own (the reporter is never shown to the respondent); "
    "regulators' staff tokens handle them."))

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): no respondent, "
                                                    "an unknown one, a step not open now, a missing reason"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "No such complaint (or not a party to it)"}


@blp.route("/oversight/complaints/enterprise")
class EnterpriseComplaints(MethodView):
    @requires(policy.API_COMPLAINTS_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(PartyComplaintSchema))
    def get(self, limit, cursor):
        """What this enterprise filed and what is filed against it, newest first."""
        statement = services.enterprise_statement(g.enterprise).order_by(None)
        page = paginate(db.session, statement, Complaint.id, limit, cursor, newest_first=True)
        page["items"] = [services.party_view(g.enterprise, complaint) for complaint in page["items"]]
        return page, 200, link_header(page)

    @requires(policy.API_COMPLAINTS_WRITE)
    @idempotent
    @blp.arguments(ComplaintInSchema)
    @blp.response(201, PartyComplaintSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Complain about one of this enterprise's orders or contracts; its seller is the respondent."""
        complaint = services.file_complaint(actor(), g.enterprise, **data)
        return services.party_view(g.enterprise, complaint)


@blp.route("/oversight/complaints/enterprise/<complaint_id>")
class EnterpriseComplaint(MethodView):
    @requires(policy.API_COMPLAINTS_READ)
    @blp.response(200, PartyComplaintSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, complaint_id):
        """One complaint this enterprise is a party to, with its deadlines and the steps it may see."""
        return services.complaint_of(g.enterprise, complaint_id)


@blp.route("/oversight/complaints/enterprise/<complaint_id>/answer")
class Answer(MethodView):
    @requires(policy.API_COMPLAINTS_WRITE)
    @idempotent
    @blp.arguments(ComplaintAnswerInSchema)
    @blp.response(200, PartyComplaintSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, complaint_id):
        """The respondent states its side of a complaint or report while it is open."""
        return services.answer(actor(), g.enterprise, complaint_id, data["statement"])


@blp.route("/oversight/complaints/reports")
class Reports(MethodView):
    @requires(policy.API_COMPLAINTS_WRITE)
    @idempotent
    @blp.arguments(ReportInSchema)
    @blp.response(201, FiledReportSchema)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data):
        """Report a violation by an enterprise, a listing's seller or an order's seller (the token's user files it)."""
        return services.file_report(actor(), **data)


@blp.route("/oversight/complaints")
class Complaints(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(ComplaintsQuery, location="query", as_kwargs=True)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(RegulatorComplaintSchema))
    def get(self, status, kind, overdue, limit, cursor):
        """Every complaint and report (regulators), filtered by status, kind and overdue, newest first."""
        log_access("complaints", query={"status": status, "kind": kind, "overdue": overdue})
        statement = services.regulator_statement(status, kind, overdue).order_by(None)
        page = paginate(db.session, statement, Complaint.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)


@blp.route("/oversight/complaints/<complaint_id>")
class OneComplaint(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.response(200, RegulatorComplaintSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, complaint_id):
        """One complaint with the reporter, its clocks, its steps and the steps open now (the read is logged)."""
        return services.complaint_for_regulator(complaint_id)


@blp.route("/oversight/complaints/<complaint_id>/steps")
class Handling(MethodView):
    @requires(policy.API_REGULATOR_WRITE)
    @idempotent
    @blp.arguments(HandlingInSchema)
    @blp.response(200, RegulatorComplaintSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, complaint_id):
        """Take one handling step (accept, refuse, mediate, mediation_agreed, mediation_failed, tell_parties,
        investigate, extend, open_case, no_case, tell_reporter, close)."""
        return services.handle(actor(), complaint_id, data["action"], data["note"], data["outcome"])


@blp.route("/oversight/complaints/statistics")
class Statistics(MethodView):
    @requires(policy.API_REGULATOR_READ)
    @blp.arguments(PeriodQuery, location="query", as_kwargs=True)
    @blp.response(200, StatisticsSchema)
    def get(self, start, end):
        """Complaints and reports filed in a period: by kind, status, outcome and category, overdue, by day."""
        return {**services.regulator_statistics(start, end), "by_day": [
            {**row, "day": row["day"].isoformat()} for row in services.counts_by_day(start, end)]}
