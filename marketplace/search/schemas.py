"""What a search request may say (page and API alike), and what the API answers."""
from marshmallow import Schema, fields, validate

from marketplace.search.query import SORTS

_CODE = fields.String(validate=validate.Length(max=60))


class SearchQuerySchema(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200),
                      metadata={"description": "Words in Chinese or English, e.g. `HRB400 螺纹钢 20mm`"})
    category = fields.List(_CODE, load_default=list,
                           metadata={"description": "Category codes (a category includes its subcategories)"})
    floor = fields.List(_CODE, load_default=list)
    region = fields.List(_CODE, load_default=list)
    certification = fields.List(fields.String(validate=validate.Length(max=60)), load_default=list)
    in_stock = fields.Boolean(load_default=False)
    verified = fields.Boolean(load_default=False, metadata={"description": "Only listings of verified enterprises"})
    price_min = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0), allow_none=True,
                               metadata={"description": "Lowest unit price in CNY, inclusive"})
    price_max = fields.Decimal(load_default=None, places=2, validate=validate.Range(min=0), allow_none=True,
                               metadata={"description": "Highest unit price in CNY, exclusive"})
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(load_default=None, metadata={"description": "next_cursor of the previous page"})


class SuggestQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100))
    limit = fields.Integer(load_default=8, validate=validate.Range(min=1, max=20))


class PriceSchema(Schema):
    amount = fields.String(metadata={"example": "4100.00"})
    currency = fields.String(metadata={"example": "CNY"})
    unit = fields.String(metadata={"example": "t"})


class SearchHitSchema(Schema):
    public_id = fields.String()
    kind = fields.String()
    title_zh = fields.String()
    title_en = fields.String()
    category = fields.String()
    region = fields.String()
    enterprise = fields.Dict(metadata={"description": "public_id, name_zh, name_en"})
    certifications = fields.List(fields.String())
    in_stock = fields.Boolean()
    price = fields.Nested(PriceSchema, allow_none=True, metadata={"description": "The lowest tier's unit price"})
    highlights = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": "Matched text per field, HTML-escaped, matches wrapped in <mark>"})


class FacetValueSchema(Schema):
    value = fields.String()
    count = fields.Integer()


class PriceBucketSchema(Schema):
    min = fields.String(allow_none=True)
    max = fields.String(allow_none=True)
    count = fields.Integer()


class FacetsSchema(Schema):
    category = fields.List(fields.Nested(FacetValueSchema))
    floor = fields.List(fields.Nested(FacetValueSchema))
    region = fields.List(fields.Nested(FacetValueSchema))
    certification = fields.List(fields.Nested(FacetValueSchema))
    in_stock = fields.Integer()
    verified = fields.Integer()
    price = fields.List(fields.Nested(PriceBucketSchema), metadata={"description": "Unit price buckets in CNY"})


class SearchPageSchema(Schema):
    items = fields.List(fields.Nested(SearchHitSchema))
    total = fields.Integer()
    facets = fields.Nested(FacetsSchema)
    next_cursor = fields.String(allow_none=True)


class SuggestionSchema(Schema):
    public_id = fields.String()
    title_zh = fields.String()
    title_en = fields.String()


class SuggestionsSchema(Schema):
    items = fields.List(fields.Nested(SuggestionSchema))
