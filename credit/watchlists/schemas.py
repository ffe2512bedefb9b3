"""API shapes of the watchlist, of webhook endpoints (the secret only in the answer to registering one) and
of their deliveries."""
from marshmallow import Schema, fields, validate


class FollowInSchema(Schema):
    credit_code = fields.String(required=True, metadata={
        "example": "91120116MA05JXXK1B", "description": "Unified social credit code of a verified enterprise"})


class GradeChangeSchema(Schema):
    grade_from = fields.String(data_key="from", metadata={"example": "A"})
    grade_to = fields.String(data_key="to", metadata={"example": "BB"})
    at = fields.DateTime()


class WatchedEnterpriseSchema(Schema):
    credit_code = fields.String(attribute="enterprise.credit_code")
    enterprise = fields.String(attribute="enterprise.public_id", metadata={"example": "ent_7k2m9q4r8t1v3x5z6w0b"})
    name_zh = fields.String(attribute="enterprise.name_zh")
    name_en = fields.String(attribute="enterprise.name_en")
    grade = fields.String(metadata={"example": "BBB", "description": "Its credit grade now"})
    grade_since = fields.DateTime(allow_none=True, metadata={"description": "Since when it has held that grade "
                                                                            "(null before its first scoring)"})
    last_change = fields.Nested(GradeChangeSchema, allow_none=True,
                                metadata={"description": "Its newest grade change announced (null if none)"})
    followed_at = fields.DateTime(attribute="watch.created_at")


class WebhookEndpointInSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=500),
                        metadata={"example": "https://erp.example.cn/credit-news",
                                  "description": "An absolute http(s) address"})


class WebhookEndpointSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "cwh_7k2m9q4r8t1v3x5z6w0b"})
    url = fields.String()
    created_at = fields.DateTime()
    retired_at = fields.DateTime(allow_none=True)


class NewWebhookEndpointSchema(WebhookEndpointSchema):
    secret = fields.String(metadata={
        "description": "The HMAC-SHA256 signing secret, shown in this answer only. Each POST carries "
                       "`Binhai-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, \"<t>.<body>\")>`; refuse "
                       "a timestamp more than 300 s away from your clock."})


class WebhookDeliverySchema(Schema):
    id = fields.String(attribute="public_id", metadata={"description": "Also the `Idempotency-Key` header of "
                                                                       "every attempt"})
    endpoint = fields.String(attribute="endpoint.public_id")
    type = fields.String(attribute="topic", metadata={"example": "credit.grade_changed"})
    status = fields.String(metadata={"description": "pending, delivered or failed (given up)"})
    attempts = fields.Integer()
    last_status_code = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)
    next_attempt_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
