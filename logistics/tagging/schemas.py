"""API shapes of tagging: prefixes, commissioning, packing, unpacking, processing, and a unit's EPC forms."""
from marshmallow import Schema, fields, validate

from logistics.tagging.services import KINDS, MASS_UNITS, MOST_UNITS

_IDENTIFIER = "An EPC (pure identity or tag URI), a GS1 Digital Link, EPC hex, a lot class URI or a container number"


class PrefixSchema(Schema):
    prefix = fields.String(metadata={"example": "6901234"})
    length = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class PrefixInSchema(Schema):
    prefix = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{6,12}$"),
                           metadata={"example": "6901234", "description": "6 to 12 digits; GS1 China's start 690-699"})


class _Context(Schema):
    event_time = fields.AwareDateTime(load_default=None, metadata={"description": "When it happened; now if left out"})
    read_point = fields.String(load_default=None, validate=validate.Length(max=200),
                               metadata={"example": "urn:epc:id:sgln:6901234.00001.0"})


class CommissioningInSchema(_Context):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS), metadata={
        "description": "item or case (SGTIN), pallet (SSCC, serial references allocated), asset (GRAI), lot"})
    gtin = fields.String(load_default=None, metadata={"example": "06901234112344"})
    serials = fields.List(fields.String(validate=validate.Length(min=1, max=20)), load_default=list,
                          validate=validate.Length(max=MOST_UNITS))
    count = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MOST_UNITS))
    first_serial = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2**38 - 1))
    lot = fields.String(load_default=None, validate=validate.Length(min=1, max=20))
    quantity = fields.Decimal(load_default=None, allow_nan=False, validate=validate.Range(min=0, min_inclusive=False))
    uom = fields.String(load_default=None, validate=validate.OneOf(MASS_UNITS))
    asset_type = fields.String(load_default=None)
    product = fields.String(load_default="", validate=validate.Length(max=200))
    farm = fields.String(load_default="", validate=validate.Length(max=200))
    origin = fields.String(load_default="", validate=validate.Length(max=200))


class PackingInSchema(_Context):
    parent = fields.String(required=True, metadata={"description": _IDENTIFIER})
    children = fields.List(fields.String(), required=True, validate=validate.Length(min=1, max=MOST_UNITS))


class UnpackingInSchema(_Context):
    parent = fields.String(required=True, metadata={"description": _IDENTIFIER})
    children = fields.List(fields.String(), load_default=list, validate=validate.Length(max=MOST_UNITS),
                           metadata={"description": "All of them when left out"})


class LotQuantitySchema(Schema):
    lot = fields.String(required=True, metadata={"example": "urn:epc:class:lgtin:6901234.000001.FARM-A"})
    quantity = fields.Decimal(required=True, allow_nan=False, validate=validate.Range(min=0, min_inclusive=False))
    uom = fields.String(required=True, validate=validate.OneOf(MASS_UNITS))


class OutputLotSchema(Schema):
    gtin = fields.String(required=True)
    lot = fields.String(required=True, validate=validate.Length(min=1, max=20))
    quantity = fields.Decimal(required=True, allow_nan=False, validate=validate.Range(min=0, min_inclusive=False))
    uom = fields.String(required=True, validate=validate.OneOf(MASS_UNITS))


class TransformationInSchema(_Context):
    inputs = fields.List(fields.Nested(LotQuantitySchema), required=True, validate=validate.Length(min=1, max=100))
    outputs = fields.List(fields.String(), load_default=list, validate=validate.Length(max=MOST_UNITS))
    output_lots = fields.List(fields.Nested(OutputLotSchema), load_default=list, validate=validate.Length(max=100))


class UnitQuery(Schema):
    id = fields.String(required=True, metadata={"description": _IDENTIFIER})
    filter = fields.Integer(load_default=None, validate=validate.Range(min=0, max=7))


class UnitSchema(Schema):
    """One unit in every form: the join key, the tag's hex and URI, and its GS1 Digital Link."""

    id = fields.String(attribute="identifier.uri")
    kind = fields.String(attribute="identifier.kind")
    filter = fields.Integer(allow_none=True)
    hex = fields.Function(lambda unit: unit.epc.hex if unit.epc else None)
    tag_uri = fields.Function(lambda unit: unit.epc.tag_uri if unit.epc else None)
    pure_identity_uri = fields.Function(lambda unit: unit.epc.pure_identity_uri if unit.epc else unit.identifier.uri)
    digital_link = fields.String(metadata={"description": "Our GS1 Digital Link resolver's address for it"})
    gtin = fields.String(attribute="identifier.gtin", allow_none=True)
    serial = fields.String(attribute="identifier.serial", allow_none=True)
    lot = fields.String(attribute="identifier.lot", allow_none=True)


class TaggedSchema(Schema):
    event_id = fields.String(attribute="event.event_id", metadata={"description": "The EPCIS event's eventID"})
    event_type = fields.String(attribute="event.type")
    biz_step = fields.String(attribute="event.biz_step")
    units = fields.List(fields.Nested(UnitSchema))
