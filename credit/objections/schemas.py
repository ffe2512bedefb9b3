"""API shapes of objections and repair applications. Dates are mainland days (YYYY-MM-DD); files travel as multipart."""
from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from credit.objections.rules import ObjectionStatus, RepairStatus
from credit.objections.services import MAX_TEXT, is_overdue
from marketplace.disputes.rules import MAX_FILE_BYTES, MAX_FILES_PER_PARTY

_FILES = (f"JPEG, PNG or WebP pictures, PDF or plain text (UTF-8 or GB18030), judged by content; at most "
          f"{MAX_FILE_BYTES // (1024 * 1024)} MB a file and {MAX_FILES_PER_PARTY} files")
_STATEMENT = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
_REASON = fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT),
                        metadata={"description": "The enterprise reads it"})


class FilingInSchema(Schema):
    entry = fields.String(required=True, validate=validate.Length(min=1, max=24),
                          metadata={"description": "The id of one of this enterprise's official entries"})
    statement = _STATEMENT


class FilingUploadSchema(FilingInSchema):
    """The same fields as multipart, with evidence files under ``evidence`` (repeatable)."""

    evidence = fields.List(Upload(), metadata={"description": _FILES})


class CreditEvidenceFilesSchema(Schema):
    evidence = fields.List(Upload(), load_default=list)


class ObjectionStatusQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(ObjectionStatus)),
                           metadata={"description": "Only those in this status"})


class RepairStatusQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(RepairStatus)),
                           metadata={"description": "Only those in this status"})


class EntryCorrectionSchema(Schema):
    title = fields.String(validate=validate.Length(max=300))
    content = fields.String(validate=validate.Length(max=MAX_TEXT))
    severity = fields.String(validate=validate.OneOf(["minor", "general", "serious"]))
    authority = fields.String(validate=validate.Length(max=200))
    decision_number = fields.String(validate=validate.Length(max=100))
    decided_on = fields.Date()


class ObjectionAnswerInSchema(Schema):
    answer = fields.String(required=True, validate=validate.OneOf(
        [ObjectionStatus.CORRECTED, ObjectionStatus.REMOVED, ObjectionStatus.KEPT]),
        metadata={"description": "corrected (a new entry replaces it), removed (ended today) or kept"})
    reason = _REASON
    corrected = fields.Nested(EntryCorrectionSchema, data_key="fields", load_default=dict,
                           metadata={"description": "The corrected fields; required when correcting"})


class RepairDecisionInSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf([RepairStatus.APPROVED, RepairStatus.REFUSED]))
    reason = _REASON


class CreditEvidenceSchema(Schema):
    id = fields.String(attribute="public_id")
    filename = fields.String()
    content_type = fields.String(metadata={"description": "What the content is, not what the uploader said"})
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String()
    uploaded_at = fields.DateTime()
    url = fields.Function(lambda evidence: url_for("credit_objections_api.EvidenceFile",
                                                   evidence_id=evidence.public_id, _external=True))


class EntryRefSchema(Schema):
    id = fields.String(attribute="public_id")
    kind = fields.String()
    title = fields.String()
    decision_number = fields.String()
    decided_on = fields.Date()
    contested = fields.Boolean()
    ended_on = fields.Date(allow_none=True)
    repaired_on = fields.Date(allow_none=True)
    publicity_min_until = fields.Date(allow_none=True)


class _FilingSchema(Schema):
    """What an objection and a repair application both are: an enterprise's statement about one entry."""
    id = fields.String(attribute="public_id")
    enterprise = fields.String(attribute="enterprise.public_id")
    credit_code = fields.String(attribute="enterprise.credit_code")
    entry = fields.Nested(EntryRefSchema)
    statement = fields.String()
    overdue = fields.Function(is_overdue, metadata={"type": "boolean",
                                                    "description": "Still waiting past its deadline"})
    evidence = fields.List(fields.Nested(CreditEvidenceSchema))


class ObjectionSchema(_FilingSchema):
    filed_at = fields.DateTime()
    answer_due_on = fields.Date()
    status = fields.String(metadata={"description": "pending, corrected, removed or kept"})
    answer = fields.String(allow_none=True, metadata={"description": "The operator's reason"})
    answered_at = fields.DateTime(allow_none=True)
    correction = fields.String(attribute="correction.public_id", allow_none=True,
                               metadata={"description": "The entry that replaced it, when corrected"})


class RepairSchema(_FilingSchema):
    applied_at = fields.DateTime()
    decide_by = fields.Date()
    status = fields.String(metadata={"description": "pending, approved or refused"})
    decision_reason = fields.String(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
