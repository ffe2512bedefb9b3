"""API shapes of listings and categories. Quantities and amounts travel as decimal strings, never floats."""
from flask import url_for
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from marketplace.catalog import attributes
from marketplace.catalog.lifecycle import ListingKind, ListingStatus, PriceBasis
from marketplace.catalog.models import Listing
from marketplace.extensions import db
from marketplace.money import MINOR_DIGITS, Money, Unit


class PriceTierInSchema(Schema):
    """Numbers may come as JSON numbers or, better (no binary rounding on the way), as decimal strings."""

    min_quantity = fields.Decimal(required=True, metadata={"example": "25"})
    unit_price = fields.Decimal(required=True, metadata={"example": "3850.00"})


class ListingFieldsSchema(Schema):
    """What a supplier writes; every field may be sent on PATCH, ``attributes`` replaces the whole set."""

    title_zh = fields.String(validate=validate.Length(max=200), metadata={"example": "HRB400E 螺纹钢 Φ20"})
    title_en = fields.String(validate=validate.Length(max=200), metadata={"example": "HRB400E rebar 20 mm"})
    description_zh = fields.String()
    description_en = fields.String()
    attributes = fields.Dict(keys=fields.String(), metadata={
        "example": {"grade": "HRB400E", "diameter_mm": 20, "length_m": "12", "standard": "GB/T 1499.2-2018"},
        "description": "Per category; see GET /categories for each category's attributes"})
    unit = fields.String(validate=validate.OneOf(list(Unit)))
    min_order_quantity = fields.Decimal(metadata={"example": "25"})
    stock = fields.Decimal(allow_none=True, metadata={"example": "1200"})
    lead_time_days = fields.Integer(allow_none=True)
    origin = fields.String(validate=validate.Length(max=100))
    certifications = fields.List(fields.String(validate=validate.Length(max=60)))
    service_scope = fields.String()
    price_basis = fields.String(allow_none=True, validate=validate.OneOf(list(PriceBasis)))
    location = fields.String(validate=validate.Length(max=300))
    slot_minutes = fields.Integer(allow_none=True)
    price_tiers = fields.List(fields.Nested(PriceTierInSchema), metadata={
        "description": "Replaces all tiers: thresholds ascending, prices above zero"})


class ListingInSchema(ListingFieldsSchema):
    kind = fields.String(required=True, validate=validate.OneOf(list(ListingKind)))
    category = fields.String(required=True, metadata={"example": "steel.rebar"})
    currency = fields.String(load_default="CNY", validate=validate.OneOf(list(MINOR_DIGITS)))
    title_zh = fields.String(required=True, validate=validate.Length(min=1, max=200))


def _tiers(listing):
    return [{"min_quantity": tier.min_quantity,
             "unit_price": str(Money(tier.unit_price_minor, listing.currency).amount)}
            for tier in listing.price_tiers]


class ImageUploadSchema(Schema):
    image = Upload(required=True, metadata={"description": "PNG, JPEG or WebP, at most 5 MB; checked by content"})


def _picture_url(endpoint):
    """The public address of a picture; its listing is already in the session, so no query is made."""
    return lambda image: url_for(endpoint, listing_id=db.session.get(Listing, image.listing_id).public_id,
                                 image_id=image.public_id, _external=True)


class ImageSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    content_type = fields.String(metadata={"example": "image/jpeg"})
    width = fields.Integer()
    height = fields.Integer()
    size_bytes = fields.Integer()
    url = fields.Function(_picture_url("catalog.image"), metadata={"type": "string"})
    thumbnail_url = fields.Function(_picture_url("catalog.thumbnail"), metadata={
        "type": "string", "description": "At most 320 pixels on the longer side"})


class ListingSchema(Schema):
    id = fields.String(attribute="public_id", dump_only=True)
    enterprise_id = fields.String(attribute="enterprise.public_id", dump_only=True)
    kind = fields.String()
    category = fields.String(attribute="category.code")
    status = fields.String(validate=validate.OneOf(list(ListingStatus)))
    title_zh = fields.String()
    title_en = fields.String()
    description_zh = fields.String()
    description_en = fields.String()
    attributes = fields.Dict()
    unit = fields.String()
    currency = fields.String()
    min_order_quantity = fields.Decimal(as_string=True)
    stock = fields.Decimal(as_string=True, allow_none=True)
    lead_time_days = fields.Integer(allow_none=True)
    origin = fields.String()
    certifications = fields.List(fields.String())
    service_scope = fields.String()
    price_basis = fields.String(allow_none=True)
    location = fields.String()
    slot_minutes = fields.Integer(allow_none=True)
    price_tiers = fields.Function(_tiers, metadata={"type": "array", "items": {
        "type": "object", "properties": {"min_quantity": {"type": "string"}, "unit_price": {"type": "string"}}}})
    images = fields.List(fields.Nested(ImageSchema))
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    published_at = fields.DateTime(allow_none=True)


class ListingQuery(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None)
    status = fields.String(validate=validate.OneOf(list(ListingStatus)))


def _schema_of(category):
    schema = attributes.schema_for(category.code)
    if schema is None:
        return None
    return [{"name": a.name, "type": a.kind, "required": a.required, "choices": list(a.choices) or None,
             "minimum": None if a.minimum is None else str(a.minimum),
             "maximum": None if a.maximum is None else str(a.maximum)} for a in schema.attributes]


class CategorySchema(Schema):
    code = fields.String()
    kind = fields.String(attribute="listing_kind")
    floor = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    attributes = fields.Function(_schema_of, metadata={
        "type": "array", "nullable": True, "items": {"type": "object"},
        "description": "Each attribute's name, type (text, choice, choices, integer, decimal, date, cas, "
                       "un_number, locode), whether it is required, its choices and range; null for a group: "
                       "list in one of its children"})
    children = fields.List(fields.Nested(lambda: CategorySchema()))
