"""API shapes of a trace: what was reached and how, the vessels, the origins and the timeline."""
from marshmallow import Schema, fields, validate


class TraceQuery(Schema):
    id = fields.String(required=True, metadata={
        "description": "An EPC (pure identity or tag URI), a GS1 Digital Link, EPC hex, a lot class URI or a "
                       "container number", "example": "urn:epc:id:sgtin:6901234.011234.1"})
    direction = fields.String(load_default="backward", validate=validate.OneOf(["backward", "forward"]), metadata={
        "description": "backward: what went into it; forward: where it went"})


class ReachedSchema(Schema):
    id = fields.String(attribute="identifier")
    relation = fields.String(allow_none=True, metadata={
        "description": "contains / made_from (backward), packed_into / made_into (forward); null for the start"})
    via = fields.String(allow_none=True, metadata={"description": "The identifier it was reached from"})
    event_id = fields.String(allow_none=True, metadata={"description": "eventID of the linking EPCIS event"})
    depth = fields.Integer()


class VesselCallSchema(Schema):
    vessel_imo = fields.String()
    vessel_name = fields.String()
    voyage = fields.String()
    container = fields.String()
    from_place = fields.String()
    to_place = fields.String()


class OriginSchema(Schema):
    lot = fields.String(attribute="lot.uri")
    lot_number = fields.String(attribute="lot.lot")
    product = fields.String()
    farm = fields.String()
    origin = fields.String()
    quantity = fields.String()
    recorded_at = fields.DateTime()


class AppearanceSchema(Schema):
    event_id = fields.String()
    event_time = fields.DateTime()
    type = fields.String()
    action = fields.String(allow_none=True)
    biz_step = fields.String(allow_none=True)
    disposition = fields.String(allow_none=True)
    read_point = fields.String(allow_none=True)
    biz_location = fields.String(allow_none=True)
    identifier = fields.String(metadata={"description": "What the event names: the traced thing or what it was in"})
    role = fields.String()


class TraceSchema(Schema):
    id = fields.String()
    kind = fields.String()
    direction = fields.String()
    reached = fields.List(fields.Nested(ReachedSchema), metadata={"description": "The start first"})
    vessels = fields.List(fields.Nested(VesselCallSchema), metadata={"description": "Forward traces only"})
    origins = fields.List(fields.Nested(OriginSchema))
    timeline = fields.List(fields.Nested(AppearanceSchema))
