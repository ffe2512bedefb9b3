"""API shapes of readers, read points, antennas, and of the answer to a batch of raw reads."""
from marshmallow import Schema, fields, validate

from logistics.readers.context import PORT_EVENTS


class ReadPointInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"example": "Dock door 3"})
    sgln = fields.String(required=True, metadata={"example": "urn:epc:id:sgln:6901234.00001.3",
                                                  "description": "Pure-identity SGLN of the read point"})
    biz_step = fields.String(required=True, metadata={"example": "shipping", "description": "CBV 2.0 bare word"})
    disposition = fields.String(load_default=None, allow_none=True,
                                metadata={"example": "in_transit", "description": "CBV 2.0 bare word"})
    biz_location = fields.String(load_default=None, allow_none=True,
                                 metadata={"example": "urn:epc:id:sgln:6901234.00001.0",
                                           "description": "SGLN of the site the goods are at after the read"})
    port_event = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(PORT_EVENTS),
                               metadata={"description": "DCSA equipment event the reads imply"})
    unlocode = fields.String(load_default=None, allow_none=True, metadata={"example": "CNTXG"})
    facility = fields.String(load_default="", validate=validate.Length(max=100))


class ReadPointSchema(ReadPointInSchema):
    id = fields.String(attribute="public_id", dump_only=True, metadata={"example": "rpt_7k2m9q4r8t1v3x5z6w0b"})
    created_at = fields.DateTime(dump_only=True)


class ReaderInSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={"example": "Gate 1 FX9600"})
    model = fields.String(load_default="", validate=validate.Length(max=60), metadata={"example": "Zebra FX9600"})


class AntennaSchema(Schema):
    port = fields.Integer()
    read_point = fields.String(attribute="read_point.public_id")
    sgln = fields.String(attribute="read_point.sgln")


class AntennaInSchema(Schema):
    port = fields.Integer(required=True, validate=validate.Range(min=1, max=64), metadata={"example": 1})
    read_point = fields.String(required=True, metadata={"description": "Id of one of the enterprise's read points"})


class ReaderSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "rdr_7k2m9q4r8t1v3x5z6w0b"})
    name = fields.String()
    model = fields.String()
    token_prefix = fields.String(metadata={"description": "The first characters of the device token, to tell it"})
    mqtt_topic = fields.String(metadata={"description": "Where the reader publishes its reads (QoS 1)"})
    antennas = fields.List(fields.Nested(AntennaSchema))
    created_at = fields.DateTime()
    retired_at = fields.DateTime(allow_none=True)
    last_read_at = fields.DateTime(allow_none=True)
    last_batch_at = fields.DateTime(allow_none=True)
    reads_total = fields.Integer()


class HealthSchema(Schema):
    reads_last_hour = fields.Integer()
    reads_per_minute = fields.Float(metadata={"description": "Raw reads per minute over the last hour"})
    batches_last_hour = fields.Integer()


class ReaderStatusSchema(Schema):
    """A reader with how it is doing."""

    reader = fields.Nested(ReaderSchema)
    health = fields.Nested(HealthSchema)


class NewReaderSchema(Schema):
    reader = fields.Nested(ReaderSchema)
    token = fields.String(metadata={"description": "The device token, shown this once: the reader sends it as "
                                                   "'Authorization: Bearer <token>'"})


class IngestedSchema(Schema):
    batch = fields.Integer(metadata={"description": "Id of the stored batch (of the first one, for a duplicate)"})
    reads = fields.Integer(metadata={"description": "Raw reads in the batch"})
    unknown = fields.Integer(metadata={"description": "Reads of EPCs with an unknown header, kept raw and flagged"})
    sightings = fields.Integer(metadata={"description": "Sightings the batch created or changed"})
    duplicate = fields.Boolean(metadata={"description": "The same batch was received before; nothing changed"})


class ReadsQuery(Schema):
    format = fields.String(load_default=None, validate=validate.OneOf(("generic", "zebra", "impinj")),
                           metadata={"description": "The payload format; told from the body's shape if left out"})
