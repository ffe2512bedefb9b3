"""API shapes of the transaction search and the enterprise 360 view."""
from marshmallow import Schema, fields, post_load, validate

from marketplace.money import MINOR_DIGITS
from marketplace.oversight.groups.schemas import EnterprisePartySchema
from marketplace.oversight.transactions import filters


class TransactionQuery(Schema):
    kind = fields.String(load_default="trade", validate=validate.OneOf(filters.KINDS))
    enterprise = fields.String(load_default=None, metadata={"description": "Public id or unified social credit code"})
    floor = fields.String(load_default=None)
    instrument = fields.String(load_default=None)
    start = fields.Date(load_default=None, metadata={"description": "First Shanghai day, included"})
    end = fields.Date(load_default=None, metadata={"description": "Last Shanghai day, included"})
    min_amount = fields.Decimal(load_default=None, metadata={"description": "In major units of currency"})
    max_amount = fields.Decimal(load_default=None)
    currency = fields.String(load_default="CNY", validate=validate.OneOf(list(MINOR_DIGITS)))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = fields.String(load_default=None)

    @post_load
    def to_search(self, data, **kwargs):
        paging = {"limit": data.pop("limit"), "cursor": data.pop("cursor")}
        return {"search": filters.Search(**data), **paging}


class TransactionSchema(Schema):
    kind = fields.String()
    reference = fields.String()
    at = fields.DateTime()
    floor = fields.String()
    instrument = fields.String()
    side = fields.String()
    buyer = fields.String(metadata={"description": "Public id of the buying enterprise (the ordering one, for a buy order)"})
    seller = fields.String()
    quantity = fields.Decimal(as_string=True, allow_none=True)
    unit = fields.String()
    amount_minor = fields.Integer(allow_none=True)
    currency = fields.String()
    status = fields.String()


class TransactionPageSchema(Schema):
    items = fields.List(fields.Nested(TransactionSchema))
    next_cursor = fields.String(allow_none=True)


class FinderQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=200))


class OversightEnterpriseSchema(Schema):
    id = fields.String(attribute="public_id")
    credit_code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    status = fields.String()
    region = fields.String()
    address = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()


class FinderSchema(Schema):
    items = fields.List(fields.Nested(OversightEnterpriseSchema))


class GroupLinkSchema(Schema):
    first = fields.String()
    second = fields.String()
    kind = fields.String()
    strong = fields.Boolean()
    via = fields.String(metadata={"description": "What they share: a party's name, a masked account, an address, a phone"})


class ControlGroupSchema(Schema):
    key = fields.String()
    members = fields.Method("sorted_members")
    links = fields.List(fields.Nested(GroupLinkSchema))
    graph = fields.Dict(metadata={"description": "ECharts graph: nodes (enterprises, parties) and edges"})

    def sorted_members(self, group):
        return sorted(group.members)


class SectionSchema(Schema):
    count = fields.Integer()
    recent = fields.Method("recent_ids")

    def recent_ids(self, section):
        return [getattr(item, "reference", None) or getattr(item, "public_id", None) for item in section.recent]


class TransactionSectionSchema(Schema):
    count = fields.Integer()
    recent = fields.List(fields.Nested(TransactionSchema))


class Enterprise360Schema(Schema):
    enterprise = fields.Nested(OversightEnterpriseSchema)
    grade = fields.String(allow_none=True)
    transactions = fields.Dict(keys=fields.String(), values=fields.Nested(TransactionSectionSchema))
    catalog_listings = fields.Nested(SectionSchema)
    floor_listings = fields.Nested(SectionSchema)
    alerts = fields.Nested(SectionSchema)
    cases = fields.Nested(SectionSchema)
    sanctions = fields.Nested(SectionSchema)
    complaints = fields.Nested(SectionSchema)
    parties = fields.List(fields.Nested(EnterprisePartySchema))
    group = fields.Nested(ControlGroupSchema)
