"""Bodies and answers of the floor compliance API."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.compliance.profile import MECHANISMS


class ProfileSchema(Schema):
    based_on = fields.String()
    mechanisms = fields.List(fields.String())
    standardised_contracts = fields.Boolean()
    min_holding_days = fields.Integer()
    holder_cap = fields.Integer(allow_none=True)
    version = fields.Integer()
    updated_at = fields.DateTime()


class ProfileInSchema(Schema):
    based_on = fields.String(load_default="custom", validate=validate.OneOf(("custom", "state_council_spot")))
    mechanisms = fields.List(fields.String(validate=validate.OneOf(MECHANISMS)), load_default=list)
    standardised_contracts = fields.Boolean(load_default=True)
    min_holding_days = fields.Integer(load_default=0, strict=True)
    holder_cap = fields.Integer(load_default=None, allow_none=True, strict=True)


class LintFindingSchema(Schema):
    rule = fields.String()
    found = fields.Raw()
    required = fields.Raw()


class FloorLintSchema(Schema):
    floor = fields.Function(lambda lint: lint.floor.code)
    profile = fields.Function(lambda lint: None if lint.profile is None else {
        "based_on": lint.profile.based_on, "mechanisms": sorted(lint.profile.mechanisms),
        "standardised_contracts": lint.profile.standardised_contracts,
        "min_holding_days": lint.profile.min_holding_days, "holder_cap": lint.profile.holder_cap})
    compliant = fields.Function(lambda lint: not lint.findings)
    findings = fields.List(fields.Nested(LintFindingSchema))
