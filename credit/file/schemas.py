"""API shapes of the credit file: official entries (in and out), imports and their report, the timeline.

Entries come in as plain strings; ``services.checked_entry`` judges them, so the API refuses exactly what
the web form and an import refuse, field by field.
"""
from marshmallow import Schema, fields, validate

from credit.file.labels import CUSTOMS_CATEGORIES, TAX_GRADES
from credit.file.services import MAX_IMPORT_ROWS
from credit.scoring.facts import ENTRY_KINDS, SEVERITIES
from marketplace.api import PageQuery


class OfficialEntryInSchema(Schema):
    credit_code = fields.String(required=True, metadata={
        "example": "91120116MA05K7XJ21", "description": "A registered enterprise's unified social credit code"})
    kind = fields.String(required=True, metadata={"enum": list(ENTRY_KINDS), "example": "penalty"})
    severity = fields.String(required=True, metadata={"enum": list(SEVERITIES), "example": "general",
                                                      "description": "minor 轻微, general 一般, serious 严重"})
    decided_on = fields.String(required=True, metadata={
        "format": "date", "example": "2026-03-15", "description": "Decision, listing or issue date; not in the future"})
    authority = fields.String(load_default="", metadata={"example": "天津市滨海新区市场监督管理局"})
    decision_number = fields.String(load_default="", metadata={"example": "津滨市监罚〔2026〕118号"})
    title = fields.String(load_default="", metadata={
        "description": "Licence name, violation type or listing ground", "example": "未按规定公示年度报告"})
    content = fields.String(load_default="", metadata={"description": "The penalty, or the ground in full"})
    valid_until = fields.String(load_default=None, allow_none=True, metadata={
        "format": "date", "description": "Licences: required; customs categories: optional (public until then, "
                                         "else 3 years). The entry stays public while it is valid"})
    removed_on = fields.String(load_default=None, allow_none=True, metadata={
        "format": "date", "description": "Lists: the day the enterprise was taken off"})
    tax_grade = fields.String(load_default=None, allow_none=True, metadata={"enum": list(TAX_GRADES)})
    tax_year = fields.Integer(load_default=None, allow_none=True, metadata={"example": 2025})
    customs_category = fields.String(load_default=None, allow_none=True, metadata={"enum": list(CUSTOMS_CATEGORIES)})


class OfficialEntryStepSchema(Schema):
    step = fields.String(metadata={"enum": ["recorded", "contested", "corrected", "removed", "kept", "repaired",
                                            "repair_refused"]})
    reason = fields.String()
    related = fields.String(metadata={"description": "The objection, repair or correcting entry"})
    at = fields.DateTime()


class OfficialEntrySchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "coe_8xk2m4q7w1"})
    enterprise = fields.Function(lambda entry: entry.enterprise.public_id)
    credit_code = fields.String()
    kind = fields.String(metadata={"enum": list(ENTRY_KINDS)})
    severity = fields.String(metadata={"enum": list(SEVERITIES)})
    decided_on = fields.Date()
    authority = fields.String()
    decision_number = fields.String()
    title = fields.String()
    content = fields.String()
    valid_until = fields.Date(allow_none=True)
    removed_on = fields.Date(allow_none=True)
    tax_grade = fields.String(allow_none=True)
    tax_year = fields.Integer(allow_none=True)
    customs_category = fields.String(allow_none=True)
    publicity_min_until = fields.Date(allow_none=True,
                                      metadata={"description": "Repair may be applied for from this day"})
    publicity_max_until = fields.Date(metadata={"description": "Public and counted until the day before"})
    state = fields.Function(lambda entry: _state(entry), metadata={
        "enum": ["pending", "public", "expired", "ended", "repaired", "removed"], "description": "What it is today"})
    contested = fields.Boolean()
    ended_on = fields.Date(allow_none=True)
    repaired_on = fields.Date(allow_none=True)
    corrects = fields.Function(lambda entry: entry.corrects.public_id if entry.corrects_id else None)
    source = fields.String(metadata={"enum": ["web", "import", "api", "sanction", "demo"]})
    recorded_at = fields.DateTime()
    steps = fields.List(fields.Nested(OfficialEntryStepSchema))


def _state(entry):
    from credit.file.services import state_of

    return state_of(entry)


class OfficialEntryQuery(PageQuery):
    credit_code = fields.String(load_default=None, metadata={"description": "Staff tokens: one enterprise's entries"})
    kind = fields.String(load_default=None, validate=validate.OneOf(ENTRY_KINDS))


class EntryImportInSchema(Schema):
    entries = fields.List(fields.Dict(), load_default=None, validate=validate.Length(max=MAX_IMPORT_ROWS),
                          metadata={"description": "The rows as objects with EntryIn's fields"})
    csv = fields.String(load_default=None, metadata={"description": "Or the rows as CSV text with a header row"})
    store_valid_rows = fields.Boolean(load_default=False, metadata={
        "description": "Store the valid rows even if some are refused (otherwise any refusal stores nothing)"})


class EntryImportRefusalSchema(Schema):
    row = fields.Integer(metadata={"description": "Counted from 1, the first data row"})
    field = fields.String()
    reason = fields.String()


class EntryImportReportSchema(Schema):
    rows = fields.Integer()
    stored = fields.List(fields.Nested(OfficialEntrySchema))
    refused = fields.List(fields.Nested(EntryImportRefusalSchema))


class CreditTimelineItemSchema(Schema):
    on = fields.Date()
    source = fields.String(metadata={"enum": ["platform", "official"]})
    kind = fields.String()
    reference = fields.String(metadata={"description": "The order, contract, dispute or decision number"})
    amount_minor = fields.Integer(allow_none=True)
    currency = fields.String(allow_none=True)
    detail = fields.Dict()
    id = fields.String(attribute="public_id")
    state = fields.String(metadata={"description": "An entry's state; replaced or withdrawn for a platform fact "
                                                   "no longer standing (staff only)"})


class CreditFactsQuery(Schema):
    credit_code = fields.String(load_default=None, metadata={"description": "Staff tokens: whose timeline"})


