"""API shapes of surveillance: rule versions (the document checked against the detector), alerts, backtests."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.surveillance.labels import ALERT_STATUSES


class RuleVersionInSchema(Schema):
    """A draft's document; any other field is refused (422), as are unknown parameters and values out of range."""

    parameters = fields.Dict(keys=fields.String(), load_default=dict, metadata={
        "example": {"min_quantity": "100"}, "description": "Parameter name → value, within the detector's declared range"})
    floor_overrides = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String()), load_default=dict,
                                  metadata={"example": {"steel": {"min_quantity": "500"}},
                                            "description": "Floor code → the parameters that differ there"})
    notes = fields.String(load_default="", validate=validate.Length(max=2000))


class RuleVersionSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "srv_3kq…"})
    label = fields.String(metadata={"example": "wash_trades@v2"})
    rule = fields.Function(lambda version: version.rule.key)
    version = fields.Integer()
    status = fields.String(metadata={"description": "draft, approved, active or retired"})
    parameters = fields.Dict()
    floor_overrides = fields.Dict()
    notes = fields.String()
    author = fields.Function(lambda version: version.author.public_id if version.author else None,
                             metadata={"description": "Null for a built-in version"})
    approver = fields.Function(lambda version: version.approver.public_id if version.approver else None)
    created_at = fields.DateTime()
    approved_at = fields.DateTime(allow_none=True)
    activated_at = fields.DateTime(allow_none=True)
    retired_at = fields.DateTime(allow_none=True)


class RuleSchema(Schema):
    key = fields.String(metadata={"example": "wash_trades"})
    detector = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    versions = fields.List(fields.Nested(RuleVersionSchema))


class AlertQuery(Schema):
    floor = fields.String(load_default=None)
    rule = fields.String(load_default=None, metadata={"example": "wash_trades"})
    status = fields.String(load_default=None, validate=validate.OneOf(list(ALERT_STATUSES)))
    day = fields.Date(load_default=None, metadata={"description": "Shanghai day the alert is about"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))


class AlertSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "alr_9xd…"})
    rule_version = fields.String(attribute="rule_label", metadata={"example": "wash_trades@v1"})
    parameters = fields.Dict(metadata={"description": "The effective parameters the finding was judged with"})
    floor = fields.String(attribute="floor_code", allow_none=True)
    instrument = fields.String(attribute="instrument_code", allow_none=True)
    subjects = fields.List(fields.String(), metadata={"description": "Public ids of every enterprise involved"})
    group_key = fields.String()
    severity = fields.String()
    score = fields.Integer()
    sentence_zh = fields.String()
    sentence_en = fields.String()
    measures = fields.Dict()
    evidence = fields.List(fields.Raw(), metadata={"description": "The rows the detector saw, frozen when raised"})
    occurred_on = fields.Date()
    raised_at = fields.DateTime()
    source = fields.String()
    status = fields.String()
    case = fields.Function(lambda alert: alert.case.public_id if alert.case else None,
                           metadata={"description": "The public id of the case the alert was filed into"})


class AlertSummarySchema(AlertSchema):
    class Meta:
        exclude = ("evidence",)


class AlertPageSchema(Schema):
    total = fields.Integer()
    page = fields.Integer()
    alerts = fields.List(fields.Nested(AlertSummarySchema))


class BacktestInSchema(Schema):
    version = fields.String(required=True, metadata={"example": "srv_3kq…", "description": "The rule version to run"})
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)


class BacktestSchema(Schema):
    id = fields.String(attribute="public_id")
    candidate = fields.Function(lambda backtest: backtest.candidate.label)
    baseline = fields.Function(lambda backtest: backtest.baseline.label if backtest.baseline else None)
    period_start = fields.Date()
    period_end = fields.Date()
    status = fields.String(metadata={"description": "pending, running, done or failed"})
    progress = fields.Integer(metadata={"description": "Percent of the period worked through"})
    result = fields.Dict(metadata={"description": "Counts and the added and dropped findings, once done"})
    error = fields.String(allow_none=True)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
