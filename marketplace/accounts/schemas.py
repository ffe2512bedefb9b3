"""API shapes of enterprises, members, invitations and tokens."""
from marshmallow import Schema, fields, validate

from marketplace import policy
from marketplace.accounts import lifecycle


class EnterpriseSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "ent_7k2m9q4r8t1v3x5z6w0b"})
    credit_code = fields.String(dump_only=True, metadata={"example": "91120116MA05XY1234"})
    name_zh = fields.String()
    name_en = fields.String()
    kinds = fields.List(fields.String(validate=validate.OneOf(list(lifecycle.EnterpriseKind))),
                        attribute="kind_names")
    region = fields.String(validate=validate.OneOf(lifecycle.REGIONS))
    address = fields.String()
    status = fields.String(dump_only=True, validate=validate.OneOf(list(lifecycle.EnterpriseStatus)))
    status_reason = fields.String(dump_only=True, allow_none=True)
    verified_at = fields.DateTime(dump_only=True, allow_none=True)


class PrivateEnterpriseSchema(EnterpriseSchema):
    """What members see of their own enterprise: contact details too."""

    contact_name = fields.String()
    contact_phone = fields.String()
    contact_email = fields.Email()
    created_at = fields.DateTime(dump_only=True)


class DirectoryQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None)
    region = fields.String(validate=validate.OneOf(lifecycle.REGIONS))
    kind = fields.String(validate=validate.OneOf(list(lifecycle.EnterpriseKind)))


class MemberSchema(Schema):
    id = fields.String(attribute="user.public_id", dump_only=True)
    display_name = fields.String(attribute="user.display_name", dump_only=True)
    email = fields.String(attribute="user.email", dump_only=True)
    role = fields.String(dump_only=True)
    joined_at = fields.DateTime(attribute="created_at", dump_only=True)


class InvitationInSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = fields.String(required=True, validate=validate.OneOf(list(policy.CompanyRole)))


class InvitationSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    email = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
