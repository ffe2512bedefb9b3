"""API shapes of credit reports: the public summary, the detailed report, authorisations and the view log."""
from marshmallow import Schema, fields, validate

from credit.reports.access import CAPACITIES, MAX_PURPOSE_LENGTH
from credit.reports.services import authorisation_state, verification_url

_CODE = {"example": "91120116MA05ABCD1X", "description": "Unified social credit code"}


class ReportSubjectSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "ent_4kQ2mN7pR1sT"})
    credit_code = fields.String(metadata=_CODE)
    name_zh = fields.String()
    name_en = fields.String()


class ReportEntrySchema(Schema):
    """An official entry as its reader may see it."""

    id = fields.String(attribute="public_id")
    kind = fields.String(metadata={"example": "penalty"})
    severity = fields.String(metadata={"example": "general", "description": "minor | general | serious"})
    decided_on = fields.Date()
    authority = fields.String()
    decision_number = fields.String()
    title = fields.String()
    valid_until = fields.Date(allow_none=True, metadata={"description": "Licences: the last valid day"})
    publicity_until = fields.Date(attribute="publicity_max_until",
                                  metadata={"description": "It stops being public and counting on this day"})
    contested = fields.Boolean(metadata={"description": "An objection is open against it"})


class CreditSummarySchema(Schema):
    """What anyone may read: grade, verification, valid licences, official entries inside their publicity window."""

    enterprise = fields.Nested(ReportSubjectSchema)
    grade = fields.String(metadata={"example": "BBB"})
    scored = fields.Boolean(metadata={"description": "False while the grade is the starting grade of a new enterprise"})
    grade_since = fields.DateTime(allow_none=True)
    model_version = fields.String(allow_none=True, metadata={"example": "2026.1"})
    verified = fields.Boolean()
    verified_since = fields.DateTime(allow_none=True)
    licences = fields.List(fields.Nested(ReportEntrySchema))
    entries = fields.List(fields.Nested(ReportEntrySchema))


class ReportPointsSchema(Schema):
    code = fields.String(metadata={"example": "payment_index"})
    value = fields.Raw(allow_none=True, metadata={"description": "The variable's value as scored"})
    points = fields.Raw(metadata={"description": "The points it earned"})


class ReportReasonSchema(Schema):
    code = fields.String(metadata={"example": "PAYMENTS_LATE"})
    polarity = fields.String(metadata={"description": "negative | positive | neutral"})
    text_en = fields.String()
    text_zh = fields.String()
    references = fields.List(fields.String(), metadata={"description": "The orders, contracts or entries behind it"})


class ReportTimelineItemSchema(Schema):
    on = fields.Date()
    source = fields.String(metadata={"description": "platform | official"})
    kind = fields.String()
    reference = fields.String()
    amount_minor = fields.Integer(allow_none=True)
    currency = fields.String(allow_none=True)
    id = fields.String(attribute="public_id")
    state = fields.String()


class DetailedReportSchema(Schema):
    """The detailed report, and the capacity in which the caller read it (the reading is logged)."""

    enterprise = fields.Nested(ReportSubjectSchema, attribute="subject")
    capacity = fields.String(attribute="access.capacity", metadata={"description": " | ".join(CAPACITIES)})
    grade = fields.String()
    score = fields.Integer(allow_none=True)
    model_version = fields.String(allow_none=True)
    override = fields.String(allow_none=True)
    as_of = fields.DateTime(allow_none=True, metadata={"description": "When the reported score was computed"})
    grade_since = fields.DateTime(allow_none=True)
    points = fields.List(fields.Nested(ReportPointsSchema))
    reasons = fields.List(fields.Nested(ReportReasonSchema))
    entries = fields.List(fields.Nested(ReportEntrySchema))
    timeline = fields.List(fields.Nested(ReportTimelineItemSchema))


class ReportAuthorisationSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    enterprise = fields.Nested(ReportSubjectSchema, dump_only=True,
                               metadata={"description": "Whose report may be read"})
    grantee = fields.Nested(ReportSubjectSchema, dump_only=True, metadata={"description": "Who may read it"})
    purpose = fields.String(dump_only=True)
    granted_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)
    state = fields.Function(authorisation_state, dump_only=True,
                            metadata={"type": "string", "description": "in_force | expired | revoked"})


class ReportAuthorisationInSchema(Schema):
    grantee = fields.String(required=True, validate=validate.Length(min=1, max=18), metadata=_CODE)
    expires_on = fields.Date(required=True, metadata={
        "description": "The last day (Asia/Shanghai) it may read; at most CREDIT_AUTHORISATION_MAX_DAYS ahead"})
    purpose = fields.String(required=True, validate=validate.Length(min=1, max=MAX_PURPOSE_LENGTH),
                            metadata={"example": "Supply contract for 2027 Q1"})


class ReportAuthorisationQuery(Schema):
    held = fields.Boolean(load_default=False, metadata={
        "description": "True: the authorisations in force that let this enterprise read others' reports"})


class ReportViewSchema(Schema):
    """One reading of the enterprise's detailed report."""

    viewed_at = fields.DateTime()
    viewer = fields.String(attribute="viewer.display_name", metadata={"description": "The person who read it"})
    viewer_enterprise = fields.Nested(ReportSubjectSchema, allow_none=True)
    capacity = fields.String(metadata={"description": " | ".join(CAPACITIES)})
    authorisation = fields.String(attribute="authorisation.public_id", allow_none=True)
    channel = fields.String(metadata={"description": "web | api | pdf"})


class CreditReportSchema(Schema):
    """An issued credit report PDF: pending until rendered (seconds), then ready with its hashes."""

    number = fields.String(metadata={"example": "BHCR-20261126-7K3QX9M2"})
    enterprise = fields.Nested(ReportSubjectSchema)
    status = fields.String(metadata={"description": "pending | ready | failed"})
    model_version = fields.String()
    issued_at = fields.DateTime()
    content_sha256 = fields.String(allow_none=True, metadata={
        "description": "SHA-256 of the report's canonical JSON content, printed on it"})
    file_sha256 = fields.String(allow_none=True, metadata={"description": "SHA-256 of the PDF file"})
    verification_url = fields.Function(lambda report: verification_url(report.number),
                                       metadata={"type": "string", "description": "The public verification page"})
