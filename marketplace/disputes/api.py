"""``/api/v1/disputes``: open, answer, add evidence, read. The operator decides on the web only."""
import io

from flask import g, send_file
from flask.views import MethodView

from marketplace import policy
from marketplace.accounts.models import User
from marketplace.api import IDEMPOTENCY_KEY_PARAMETER, PageQuery, ProblemSchema, api_blueprint, link_header, page_of, \
    paginate
from marketplace.disputes import services
from marketplace.disputes.models import Dispute
from marketplace.disputes.schemas import (
    AnswerInSchema, DisputeInSchema, DisputeSchema, DisputeUploadSchema, EvidenceFilesSchema, EvidenceSchema,
    EvidenceUploadSchema,
)
from marketplace.extensions import db
from marketplace.idempotency import idempotent
from marketplace.permissions import requires

blp = api_blueprint("disputes_api", __name__, (
    "Disputes about deliveries. Within a delivery's inspection window (or, for goods shipped and not arrived, "
    "with the reason not_delivered) the buyer opens a dispute; the deal's escrow freezes; the seller answers once; "
    "both add evidence files. The platform operator decides (release, refund or split, with a written reason) on "
    "the operator's web pages only; the decision then shows here."))

_REFUSED = {"schema": ProblemSchema, "description": "Invalid input (field errors under `errors`): a file refused, "
                                                    "outside the inspection window, already disputed or answered"}
_NOT_A_PARTY = {"schema": ProblemSchema, "description": "Not a dispute (or deal) of this enterprise"}


def _actor():
    return db.session.get(User, g.principal.user_id)


@blp.route("/disputes")
class Disputes(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.arguments(PageQuery, location="query", as_kwargs=True)
    @blp.response(200, page_of(DisputeSchema))
    def get(self, limit, cursor):
        """Disputes where this enterprise is the buyer or the seller, newest first."""
        page = paginate(db.session, services.disputes_statement(g.enterprise), Dispute.id, limit, cursor,
                        newest_first=True)
        return page, 200, link_header(page)

    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER], requestBody={"required": True, "content": {
        "application/json": {"schema": DisputeInSchema}, "multipart/form-data": {"schema": DisputeUploadSchema}}})
    @blp.response(201, DisputeSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="This enterprise is the seller of the deal")
    @blp.alt_response(404, **_NOT_A_PARTY)
    @blp.alt_response(422, **_REFUSED)
    def post(self):
        """Open a dispute as the buyer: JSON, or multipart with evidence files under ``evidence``.

        The deal's escrow freezes: nothing is released until the operator decides. Files are judged by
        their content; one refused file refuses the whole request and nothing is stored.
        """
        data = blp.ARGUMENTS_PARSER.parse(DisputeInSchema(), location="json_or_form")
        files = blp.ARGUMENTS_PARSER.parse(EvidenceFilesSchema(), location="files")["evidence"]
        return services.open_dispute(_actor(), g.enterprise, data["settlement"], data["reason"], data["description"],
                                     [(upload.filename, upload.mimetype, upload.read()) for upload in files])


@blp.route("/disputes/<dispute_id>")
class OneDispute(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, DisputeSchema)
    @blp.alt_response(404, **_NOT_A_PARTY)
    def get(self, dispute_id):
        """One dispute: both sides' statements, the evidence, the amount frozen and, once made, the decision."""
        return services.dispute_for(g.enterprise, dispute_id)


@blp.route("/disputes/<dispute_id>/answer")
class Answer(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.arguments(AnswerInSchema)
    @blp.response(200, DisputeSchema)
    @blp.alt_response(403, schema=ProblemSchema, description="This enterprise is the buyer")
    @blp.alt_response(404, **_NOT_A_PARTY)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, dispute_id):
        """The seller's answer, given once while the dispute is open."""
        return services.answer(_actor(), g.enterprise, dispute_id, data["text"])


@blp.route("/disputes/<dispute_id>/evidence")
class Evidence(MethodView):
    @requires(policy.API_SETTLEMENT_WRITE)
    @idempotent
    @blp.arguments(EvidenceUploadSchema, location="files")
    @blp.response(201, EvidenceSchema)
    @blp.alt_response(404, **_NOT_A_PARTY)
    @blp.alt_response(422, **_REFUSED)
    @blp.doc(parameters=[IDEMPOTENCY_KEY_PARAMETER])
    def post(self, data, dispute_id):
        """Add one file (multipart field ``file``) as either party, until the dispute is decided."""
        upload = data["file"]
        return services.add_evidence(_actor(), g.enterprise, dispute_id, upload.filename, upload.mimetype,
                                     upload.read())


@blp.route("/disputes/<dispute_id>/evidence/<evidence_id>")
class EvidenceFile(MethodView):
    @requires(policy.API_SETTLEMENT_READ)
    @blp.response(200, description="The file, as an attachment of the type its content showed")
    @blp.alt_response(404, **_NOT_A_PARTY)
    def get(self, dispute_id, evidence_id):
        """Download one evidence file of a dispute of this enterprise."""
        found = services.evidence_file(g.enterprise, evidence_id, dispute_id)
        return send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
