"""API shapes of complaints and reports. Dates are mainland days (YYYY-MM-DD).

A party (complainant or respondent) gets :class:`PartyComplaintSchema`, which has no field for the
reporter; regulators get :class:`RegulatorComplaintSchema`, which adds who filed and the case.
"""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from marketplace.oversight.complaints import services
from marketplace.oversight.complaints.flow import CLOSING_OUTCOMES, Action, Status

_TEXT = validate.Length(max=services.MAX_TEXT)
_SUBJECT_ID = fields.String(load_default="", validate=validate.Length(max=24), metadata={
    "description": "The public id of the respondent enterprise, listing, order or contract; required (an empty "
                   "one is refused with a field error on `subject_id`)"})


def _enterprise(enterprise):
    if enterprise is None:
        return None
    return {"id": enterprise.public_id, "name_zh": enterprise.name_zh, "name_en": enterprise.name_en}


_ENTERPRISE = {"type": "object", "properties": {"id": {"type": "string"}, "name_zh": {"type": "string"},
                                                 "name_en": {"type": "string"}}}


class StepSchema(Schema):
    step = fields.String()
    note = fields.String()
    at = fields.DateTime()


class PartyComplaintSchema(Schema):
    id = fields.String(attribute="public_id")
    number = fields.String(metadata={"description": "TS-YYYYMMDD-NNNN for a complaint, JB-… for a report"})
    kind = fields.String(metadata={"description": "complaint | report"})
    role = fields.String(metadata={"description": "complainant | respondent: this enterprise's part"})
    status = fields.String(validate=validate.OneOf(list(Status)))
    outcome = fields.String(allow_none=True)
    outcome_note = fields.String(allow_none=True)
    subject_kind = fields.String()
    subject_id = fields.String(attribute="subject_public_id", allow_none=True)
    category = fields.String()
    description = fields.String()
    desired_outcome = fields.String()
    respondent = fields.Function(lambda c: _enterprise(c.respondent), metadata=_ENTERPRISE)
    complainant = fields.Function(lambda c: _enterprise(c.complainant), metadata=_ENTERPRISE)
    filed_on = fields.Date()
    accept_due_on = fields.Date()
    accepted_on = fields.Date(allow_none=True)
    mediation_due_on = fields.Date(allow_none=True)
    mediation_ended_on = fields.Date(allow_none=True)
    parties_told_due_on = fields.Date(allow_none=True)
    parties_told_on = fields.Date(allow_none=True)
    verification_due_on = fields.Date(allow_none=True)
    verification_extended = fields.Boolean()
    overdue = fields.Function(lambda c: services.overdue_stages(getattr(c, "complaint", c)), metadata={
        "type": "array", "items": {"type": "string"}, "description": "The clocks that ran out while open"})
    steps = fields.List(fields.Nested(StepSchema), metadata={"description": "The steps this reader may see"})


class FiledReportSchema(PartyComplaintSchema):
    """What the reporter gets back: the number and the acceptance deadline."""

    class Meta:
        fields = ("id", "number", "kind", "status", "subject_kind", "subject_id", "category", "respondent",
                  "filed_on", "accept_due_on")


class RegulatorComplaintSchema(PartyComplaintSchema):
    class Meta:
        exclude = ("role",)

    anonymous = fields.Boolean()
    reporter_name = fields.String()
    reporter_contact = fields.String()
    filer = fields.Function(lambda c: c.filer.email if c.filer else None, metadata={"type": "string"})
    refusal_reason = fields.String(allow_none=True)
    extension_reason = fields.String(allow_none=True)
    reporter_told_due_on = fields.Date(allow_none=True)
    reporter_told_on = fields.Date(allow_none=True)
    case_opened = fields.Boolean(allow_none=True)
    open_actions = fields.Function(lambda c: [str(a) for a in services.open_actions(c)],
                                   metadata={"type": "array", "items": {"type": "string"}})


class ComplaintInSchema(Schema):
    subject_kind = fields.String(required=True, validate=validate.OneOf(services.COMPLAINT_SUBJECTS))
    subject_id = _SUBJECT_ID
    category = fields.String(required=True, validate=validate.OneOf(services.CATEGORIES))
    description = fields.String(required=True, validate=_TEXT)
    desired_outcome = fields.String(load_default="", validate=_TEXT)


class ReportInSchema(Schema):
    subject_kind = fields.String(required=True, validate=validate.OneOf(services.REPORT_SUBJECTS))
    subject_id = _SUBJECT_ID
    category = fields.String(required=True, validate=validate.OneOf(services.CATEGORIES))
    description = fields.String(required=True, validate=_TEXT)
    anonymous = fields.Boolean(load_default=False)
    reporter_name = fields.String(load_default="", validate=validate.Length(max=100))
    reporter_contact = fields.String(load_default="", validate=validate.Length(max=200))


class ComplaintAnswerInSchema(Schema):
    statement = fields.String(required=True, validate=_TEXT, metadata={
        "description": "The respondent's side; the regulator and a complainant enterprise read it"})


class HandlingInSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(list(Action)))
    note = fields.String(load_default="", validate=_TEXT, metadata={
        "description": "Required to refuse, extend, end mediation, tell the parties or the reporter, and close"})
    outcome = fields.String(load_default=None, validate=validate.OneOf(list(CLOSING_OUTCOMES)),
                            metadata={"description": "Required to close"})


class ComplaintsQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(Status)))
    kind = fields.String(load_default=None, validate=validate.OneOf(("complaint", "report")))
    overdue = fields.Boolean(load_default=False)


class PeriodQuery(Schema):
    start = fields.Date(required=True)
    end = fields.Date(required=True)

    @validates_schema
    def _ordered(self, data, **kwargs):
        if data["start"] > data["end"]:
            raise ValidationError("The period ends before it starts.", "end")


class StatisticsSchema(Schema):
    start = fields.Date()
    end = fields.Date()
    filed = fields.Integer()
    by_kind = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_outcome = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer())
    upheld = fields.Integer()
    overdue = fields.Integer()
    accepted_late = fields.Integer()
    top_respondents = fields.Function(lambda s: [{**_enterprise(e), "count": n} for e, n in s["top_respondents"]],
                                      metadata={"type": "array", "items": {"type": "object"}})
    by_day = fields.List(fields.Dict(), metadata={"description": "[{day, complaint, report, total}] for every day"})
