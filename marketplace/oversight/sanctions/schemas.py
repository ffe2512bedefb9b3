"""API shapes of sanctions: a proposal in, a sanction out, a decision or a lifting, the list's filters.

Proposals come in as plain values; ``services.propose_from`` judges them, so the API refuses exactly what
the web form refuses, field by field.
"""
from marshmallow import Schema, fields, validate

from marketplace.api import PageQuery
from marketplace.database import utcnow
from marketplace.oversight.sanctions import rules


class ProposalInSchema(Schema):
    enterprise = fields.String(load_default=None, metadata={
        "description": "The enterprise's public id or unified social credit code (or give `case`)",
        "example": "91120116MA05K7XJ21"})
    kind = fields.String(required=True, metadata={"enum": list(rules.KINDS), "example": "trading_suspension"})
    reason = fields.String(required=True, metadata={"description": "The facts and the rule broken; the enterprise "
                                                                   "reads it"})
    target = fields.String(load_default=None, allow_none=True, metadata={
        "description": "listing_removal: the public id of the catalog (lst_…) or floor (fl_…) listing"})
    duration_days = fields.Integer(load_default=None, allow_none=True, metadata={
        "description": "Suspension, escrow hold, termination: days in force; absent means until lifted"})
    severity = fields.String(load_default=None, allow_none=True, metadata={"enum": list(rules.SEVERITIES)})
    case = fields.String(load_default=None, allow_none=True, metadata={"description": "The case's public id"})


class DecisionInSchema(Schema):
    note = fields.String(load_default="", metadata={"description": "Required to reject"})


class LiftInSchema(Schema):
    reason = fields.String(required=True)


class SanctionSchema(Schema):
    id = fields.String(attribute="public_id")
    number = fields.String(metadata={"example": "滨海监处〔2026〕0001"})
    enterprise = fields.Function(lambda s: s.enterprise.public_id)
    credit_code = fields.Function(lambda s: s.enterprise.credit_code)
    kind = fields.String(metadata={"enum": list(rules.KINDS)})
    status = fields.String(metadata={"enum": list(rules.STATUSES)})
    state = fields.Function(lambda s: rules.state(rules.Term(s.kind, s.status, s.effective_from, s.effective_until),
                                                  utcnow()),
                            metadata={"description": "The status, or `expired` once an approved sanction's days ran "
                                                     "out"})
    in_force = fields.Function(lambda s: rules.in_force(
        rules.Term(s.kind, s.status, s.effective_from, s.effective_until), utcnow()))
    target = fields.String(allow_none=True)
    reason = fields.String()
    severity = fields.String()
    duration_days = fields.Integer(allow_none=True)
    proposed_by = fields.Function(lambda s: s.proposed_by.public_id)
    proposed_at = fields.DateTime()
    decided_by = fields.Function(lambda s: s.decided_by.public_id if s.decided_by else None)
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String(allow_none=True)
    effective_from = fields.DateTime(allow_none=True)
    effective_until = fields.DateTime(allow_none=True, metadata={"description": "null while approved: until lifted"})
    lifted_at = fields.DateTime(allow_none=True)
    lift_reason = fields.String(allow_none=True)
    credit_entry = fields.String(attribute="credit_entry_public_id", allow_none=True)


class SanctionQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(rules.STATUSES))
    kind = fields.String(load_default=None, validate=validate.OneOf(rules.KINDS))
    enterprise = fields.String(load_default=None, metadata={"description": "Public id or credit code"})
