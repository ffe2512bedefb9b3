"""``/api/v1/credit/objections`` and ``/api/v1/credit/repairs``: the enterprise files, operators answer.

An enterprise token reads and files its own enterprise's; a staff token (operator or regulator)
reads everyone's, and an operator's answers and decides.
"""
import io

from flask import g, send_file
from flask.views import MethodView

from credit.objections import services
from credit.objections.models import Objection, RepairApplication
from credit.objections.schemas import (
    CreditEvidenceFilesSchema, FilingInSchema, FilingUploadSchema, ObjectionAnswerInSchema, ObjectionSchema,
    ObjectionStatusQuery, RepairDecisionInSchema, RepairSchema, RepairStatusQuery,
)
from marketplace import policy
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, \
    paginate
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.payments.api import actor
from marketplace.permissions import requires

blp = api_blueprint("credit_objections_api", __name__, (
    "Credit objections (异议) to official entries and applications for credit repair (信用修复). An enterprise "
    "contests one of its entries with a statement and evidence files: the entry is contested (and triggers no "
    "automatic ban) until a platform operator answers within CREDIT_OBJECTION_WORKING_DAYS (20) mainland "
    "working days by correcting, removing or keeping it. Repair of a penalty or listing is applied for after its minimum publicity period; an operator "
    "approves or refuses it. Enterprise tokens see their own; staff tokens (operators, regulators) see all, and "
    "operators' staff tokens answer and decide."))

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): an entry no "
                                                    "longer in force or already contested, repair before the minimum "
                                                    "period, a refused file, an answer already given"}
_NOT_FOUND = {"schema": ProblemSchema, "description": "Not this enterprise's (or no such id)"}
_FILING_BODY = {"required": True, "content": {"application/json": {"schema": FilingInSchema},
                                              "multipart/form-data": {"schema": FilingUploadSchema}}}


def _filing():
    """The filing's fields (JSON or multipart) and its evidence files."""
    data = blp.ARGUMENTS_PARSER.parse(FilingInSchema(), location="json_or_form")
    files = blp.ARGUMENTS_PARSER.parse(CreditEvidenceFilesSchema(), location="files")["evidence"]
    return data, [(upload.filename, upload.mimetype, upload.read()) for upload in files]


@blp.route("/credit/objections")
class Objections(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(ObjectionStatusQuery, location="query", as_kwargs=True)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(ObjectionSchema))
    def get(self, status, limit, cursor):
        """This enterprise's objections (a staff token: everyone's), newest first."""
        statement = services.objections_statement(g.enterprise, status).order_by(None)
        page = paginate(db.session, statement, Objection.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_CREDIT_WRITE)
    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER], requestBody=_FILING_BODY)
    @blp.response(201, ObjectionSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def post(self):
        """Contest an entry: JSON, or multipart with evidence files under ``evidence``.

        One refused file refuses the whole request and nothing is stored.
        """
        data, files = _filing()
        return services.file_objection(actor(), g.enterprise, data["entry"], data["statement"], files)


@blp.route("/credit/objections/<objection_id>")
class OneObjection(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, ObjectionSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, objection_id):
        """One objection with its deadline, evidence and, once given, the answer."""
        return services.objection_for(g.enterprise, objection_id)


@blp.route("/credit/objections/<objection_id>/answer")
class ObjectionAnswer(MethodView):
    @requires(policy.API_CREDIT_OPERATOR)
    @idempotent
    @blp.arguments(ObjectionAnswerInSchema)
    @blp.response(200, ObjectionSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, objection_id):
        """Answer an objection (operators' staff tokens): correct, remove or keep the entry, with a reason."""
        return services.answer_objection(actor(), objection_id, data["answer"], data["reason"], data["corrected"])


@blp.route("/credit/repairs")
class Repairs(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.arguments(RepairStatusQuery, location="query", as_kwargs=True)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(RepairSchema))
    def get(self, status, limit, cursor):
        """This enterprise's repair applications (a staff token: everyone's), newest first."""
        statement = services.repairs_statement(g.enterprise, status).order_by(None)
        page = paginate(db.session, statement, RepairApplication.id, limit, cursor, newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_CREDIT_WRITE)
    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER], requestBody=_FILING_BODY)
    @blp.response(201, RepairSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    def post(self):
        """Apply for repair of a penalty or listing after its minimum publicity period (JSON or multipart)."""
        data, files = _filing()
        return services.apply_for_repair(actor(), g.enterprise, data["entry"], data["statement"], files)


@blp.route("/credit/repairs/<repair_id>")
class OneRepair(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, RepairSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, repair_id):
        """One repair application with its deadline, evidence and, once made, the decision."""
        return services.repair_for(g.enterprise, repair_id)


@blp.route("/credit/repairs/<repair_id>/decision")
class RepairDecision(MethodView):
    @requires(policy.API_CREDIT_OPERATOR)
    @idempotent
    @blp.arguments(RepairDecisionInSchema)
    @blp.response(200, RepairSchema)
    @blp.alt_response(404, **_NOT_FOUND)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, repair_id):
        """Approve (the entry is repaired today) or refuse a repair application (operators' staff tokens)."""
        return services.decide_repair(actor(), repair_id, data["decision"], data["reason"])


@blp.route("/credit/evidence/<evidence_id>")
class EvidenceFile(MethodView):
    @requires(policy.API_CREDIT_READ)
    @blp.response(200, description="The file, as an attachment of the type its content showed")
    @blp.alt_response(404, **_NOT_FOUND)
    def get(self, evidence_id):
        """Download one evidence file of an objection or repair application."""
        found = services.evidence_file(g.enterprise, evidence_id)
        return send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
