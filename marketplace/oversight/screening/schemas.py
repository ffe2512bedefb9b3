"""Bodies and answers of the screening API."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.screening import hooks
from marketplace.oversight.screening.screen import LISTS
from marketplace.oversight.screening.sources import KINDS


class FindingSchema(Schema):
    list_name = fields.String()
    term = fields.String()
    matched = fields.String()
    field = fields.String()


class ScreeningSchema(Schema):
    id = fields.String(attribute="public_id")
    listing_kind = fields.String()
    listing = fields.String(attribute="listing_public_id")
    enterprise = fields.Function(lambda row: row.enterprise.public_id)
    title = fields.String()
    status = fields.String()
    findings = fields.List(fields.Nested(FindingSchema))
    lists_digest = fields.String()
    screened_at = fields.DateTime()
    reviewed_at = fields.DateTime(allow_none=True)
    review_note = fields.String(allow_none=True)


class QueueQuery(Schema):
    status = fields.String(load_default="flagged", validate=validate.OneOf(hooks.STATUSES))


class ReviewInSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("clear", "reject")))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class TermSchema(Schema):
    id = fields.String(attribute="public_id")
    list_name = fields.String()
    term = fields.String()
    aliases = fields.List(fields.String())
    note = fields.String()
    active = fields.Boolean()


class TermInSchema(Schema):
    list_name = fields.String(required=True, validate=validate.OneOf(LISTS))
    term = fields.String(required=True, validate=validate.Length(min=1, max=200))
    aliases = fields.List(fields.String(validate=validate.Length(max=200)), load_default=list)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class TermSwitchSchema(Schema):
    active = fields.Boolean(required=True)


class ProgressSchema(Schema):
    status = fields.String()
    done = fields.Integer()
    total = fields.Integer()


class InspectionItemSchema(Schema):
    item = fields.String(required=True, validate=validate.Length(min=1, max=200))
    required = fields.String(load_default="", validate=validate.Length(max=200))
    measured = fields.String(load_default="", validate=validate.Length(max=200))
    verdict = fields.String(load_default="", validate=validate.Length(max=50))


class InspectionInSchema(Schema):
    listing_kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    listing = fields.String(required=True)
    sampled_on = fields.Date(required=True)
    authority = fields.String(required=True, validate=validate.Length(min=1, max=200))
    report_number = fields.String(required=True, validate=validate.Length(min=1, max=100))
    result = fields.String(required=True, validate=validate.OneOf(("pass", "fail")))
    items = fields.List(fields.Nested(InspectionItemSchema), load_default=list)
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class InspectionSchema(Schema):
    id = fields.String(attribute="public_id")
    listing_kind = fields.String()
    listing = fields.String(attribute="listing_public_id")
    enterprise = fields.Function(lambda row: row.enterprise.public_id)
    sampled_on = fields.Date()
    authority = fields.String()
    report_number = fields.String()
    result = fields.String()
    items = fields.List(fields.Dict())
    note = fields.String()
    created_at = fields.DateTime()


class InspectionQuery(Schema):
    listing_kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    listing = fields.String(required=True)
