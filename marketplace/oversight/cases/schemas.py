"""API shapes of cases: the case, its alerts (frozen evidence), timeline, work requests and evidence packages."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.cases.labels import STATUSES

_STATUS = {"description": "open, investigating, escalated, closed or dismissed", "example": "investigating"}


class CaseQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(STATUSES)), metadata=_STATUS)
    assignee = fields.String(load_default=None, metadata={"description": "A regulator's public id (usr_…)"})
    overdue = fields.Boolean(load_default=False, metadata={"description": "Only active cases past their deadline"})


class CaseSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "cas_7k2m…"})
    number = fields.String(metadata={"example": "BHJG-20261126-0001"})
    title = fields.String()
    enterprise = fields.Function(lambda case: case.enterprise.public_id, metadata={"example": "ent_…"})
    credit_code = fields.Function(lambda case: case.enterprise.credit_code)
    group_key = fields.String(metadata={"description": "The control group whose day the case gathers"})
    opened_for_day = fields.Date()
    status = fields.String(metadata=_STATUS)
    assignee = fields.Function(lambda case: case.assignee.public_id if case.assignee else None, allow_none=True)
    deadline = fields.Date(allow_none=True)
    escalation_level = fields.Integer()
    dismissal_reason = fields.String(allow_none=True)
    conclusion = fields.String(allow_none=True)
    created_at = fields.DateTime()
    closed_at = fields.DateTime(allow_none=True)
    version = fields.Integer()


class AlertInCaseSchema(Schema):
    id = fields.String(attribute="public_id")
    rule = fields.String(attribute="rule_label", metadata={"example": "wash_trades@v1"})
    parameters = fields.Dict(metadata={"description": "The parameters the rule version used, frozen"})
    floor = fields.String(attribute="floor_code", allow_none=True)
    instrument = fields.String(attribute="instrument_code", allow_none=True)
    subjects = fields.List(fields.String())
    severity = fields.String()
    score = fields.Integer()
    sentence_zh = fields.String()
    sentence_en = fields.String()
    measures = fields.Dict()
    evidence = fields.List(fields.Raw(), metadata={"description": "The rows the detector saw, as they were"})
    occurred_on = fields.Date()
    raised_at = fields.DateTime()


class CaseStepSchema(Schema):
    step = fields.String(metadata={"example": "assigned"})
    note = fields.String()
    detail = fields.Dict()
    actor = fields.Function(lambda step: step.actor.public_id if step.actor else None, allow_none=True)
    at = fields.DateTime()


class SanctionInCaseSchema(Schema):
    id = fields.String(attribute="public_id")
    number = fields.String(allow_none=True)
    kind = fields.String()
    status = fields.String()


class CaseFileSchema(Schema):
    case = fields.Nested(CaseSchema)
    overdue = fields.Boolean(metadata={"description": "Still being worked past its deadline"})
    alerts = fields.List(fields.Nested(AlertInCaseSchema))
    steps = fields.List(fields.Nested(CaseStepSchema))
    sanctions = fields.List(fields.Nested(SanctionInCaseSchema))


class NewCaseSchema(Schema):
    enterprise = fields.String(required=True, metadata={"description": "Credit code or public id of the enterprise"})
    title = fields.String(required=True, validate=validate.Length(max=300))
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class AssignSchema(Schema):
    assignee = fields.String(required=True, metadata={"description": "A regulator's public id (usr_…)"})


class NoteSchema(Schema):
    note = fields.String(required=True)


class DeadlineSchema(Schema):
    deadline = fields.Date(load_default=None, metadata={
        "description": "Today or later; null or absent: the standard period in working days from today"})


class EscalateSchema(Schema):
    note = fields.String(load_default="")


class DismissSchema(Schema):
    reason = fields.String(required=True, metadata={"description": "Why the case is dismissed (required)"})


class CloseSchema(Schema):
    conclusion = fields.String(required=True)


class PackageSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "evp_…"})
    case = fields.Function(lambda package: package.case.public_id)
    status = fields.String(metadata={"description": "pending, ready or failed"})
    manifest = fields.Dict(metadata={"description": "File name → {sha256, bytes}"})
    manifest_sha256 = fields.String(allow_none=True, metadata={"description": "SHA-256 of manifest.json"})
    files = fields.Method("file_names")
    created_at = fields.DateTime()
    ready_at = fields.DateTime(allow_none=True)

    def file_names(self, package):
        return sorted(package.manifest or {}) + (["manifest.json"] if package.status == "ready" else [])
