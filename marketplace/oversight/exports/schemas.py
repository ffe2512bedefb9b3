"""Request and response bodies of the exports and access-log API."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.exports.reports import KINDS


class OversightExportInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS),
                         metadata={"description": "period_report, seller_identity or complaint_statistics"})
    floor = fields.String(load_default=None, metadata={"description": "The floor's code (period_report only)",
                                                       "example": "steel"})
    start = fields.Date(data_key="from", load_default=None, metadata={"description": "First Beijing day, included"})
    end = fields.Date(data_key="to", load_default=None, metadata={"description": "Last Beijing day, included"})


class OversightExportSchema(Schema):
    id = fields.String(attribute="public_id")
    kind = fields.String()
    parameters = fields.Dict()
    status = fields.String(metadata={"description": "pending, ready or failed"})
    sha256 = fields.String(allow_none=True, metadata={"description": "Of the PDF, once ready"})
    error = fields.String(allow_none=True)
    requested_by = fields.Function(lambda export: export.requested_by.public_id)
    created_at = fields.DateTime()
    ready_at = fields.DateTime(allow_none=True)


class OversightPeriodReportQuery(Schema):
    floor = fields.String(required=True, metadata={"example": "steel"})
    start = fields.Date(data_key="from", load_default=None)
    end = fields.Date(data_key="to", load_default=None)


class OversightAccessLogQuery(Schema):
    person = fields.String(load_default=None, metadata={"description": "Part of the name or e-mail"})
    subject = fields.String(load_default=None, metadata={"description": "The public id the view was about"})
    view = fields.String(load_default=None, metadata={"description": "The view's name or its beginning"})
    start = fields.Date(data_key="from", load_default=None)
    end = fields.Date(data_key="to", load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))


class OversightAccessSchema(Schema):
    at = fields.DateTime()
    person = fields.Function(lambda row: row.user.public_id)
    person_name = fields.Function(lambda row: row.user.display_name)
    channel = fields.String(metadata={"description": "web, api or export"})
    view = fields.String()
    subject = fields.String(allow_none=True)
    query = fields.Dict()


class OversightAccessPageSchema(Schema):
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()
    rows = fields.List(fields.Nested(OversightAccessSchema))
