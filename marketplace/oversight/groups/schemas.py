"""API shapes of the parties behind an enterprise and of the links between enterprises."""
from marshmallow import Schema, fields, validate

from marketplace.oversight.groups import services


class EnterprisePartySchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "pty_7k2m9q4r8t1v3x5z6w0b"})
    role = fields.String(required=True, validate=validate.OneOf(services.ROLES))
    party_kind = fields.String(required=True, validate=validate.OneOf(services.PARTY_KINDS))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    identifier = fields.String(required=True, load_only=True, validate=validate.Length(max=40),
                               metadata={"description": "Identity card, document number or credit code; "
                                                        "kept only as a fingerprint, answered masked"})
    identifier_masked = fields.String(dump_only=True, metadata={"example": "110***********002X"})
    share_percent = fields.Decimal(allow_none=True, places=4, as_string=True, load_default=None)
    created_at = fields.DateTime(dump_only=True)
    ended_at = fields.DateTime(dump_only=True, allow_none=True)


class EnterprisePartyListSchema(Schema):
    items = fields.List(fields.Nested(EnterprisePartySchema))


class PartiesQuery(Schema):
    include_ended = fields.Boolean(load_default=False)
