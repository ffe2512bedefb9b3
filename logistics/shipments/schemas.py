"""API shapes of shipments. Quantities are decimal strings in the deal's unit; times are UTC ISO 8601;
port events are DCSA Track & Trace shaped."""
from marshmallow import INCLUDE, Schema, fields, validate

from logistics.shipments import dcsa, services
from logistics.shipments.labels import status_name
from logistics.shipments.lifecycle import ShipmentException, ShipmentStatus
from logistics.shipments.units import KINDS
from marketplace.api import PageQuery
from marketplace.sourcing.schemas import plain
from trading.contracts.schemas import PartySchema


class ShipmentQuery(PageQuery):
    status = fields.String(load_default=None, validate=validate.OneOf(tuple(ShipmentStatus)))
    side = fields.String(load_default=None, validate=validate.OneOf(tuple(services.SIDES)),
                         metadata={"description": "selling, buying or carrying; all three if left out"})


class ShipmentInSchema(Schema):
    source_type = fields.String(required=True, validate=validate.OneOf([services.ORDER, services.CONTRACT]))
    source_id = fields.String(required=True, metadata={"description": "The public id of the seller's order or "
                                                                      "contract", "example": "ct_7k2m9q4r8t1v3x5z6w0b"})
    origin = fields.String(load_default="", validate=validate.Length(max=200))
    destination = fields.String(load_default="", validate=validate.Length(max=200))
    bill_of_lading = fields.String(load_default="", validate=validate.Length(max=40))
    carrier = fields.String(load_default=None, metadata={"description": "A verified logistics enterprise's id"})
    destination_read_point = fields.String(load_default=None, metadata={
        "description": "The buyer's dock (a read point id): a read there marks the goods delivered"})


class ShipmentCarrierInSchema(Schema):
    carrier = fields.String(required=True, metadata={"description": "A verified logistics enterprise's id"})


class ShipmentDestinationInSchema(Schema):
    read_point = fields.String(required=True, metadata={"description": "A read point of the buyer or the carrier"})


class ShipmentLegInSchema(Schema):
    mode = fields.String(required=True, validate=validate.OneOf(services.MODES))
    from_place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    from_locode = fields.String(load_default=None, metadata={"example": "CNTXG"})
    to_place = fields.String(required=True, validate=validate.Length(min=1, max=200))
    to_locode = fields.String(load_default=None, metadata={"example": "SGSIN"})
    vessel_imo = fields.String(load_default=None, metadata={"example": "9074729",
                                                            "description": "Check digit verified"})
    vessel_name = fields.String(load_default="", validate=validate.Length(max=100))
    voyage = fields.String(load_default="", validate=validate.Length(max=20))
    container = fields.String(load_default=None, metadata={"example": "CSQU3054383",
                                                           "description": "ISO 6346, check digit verified"})
    planned_departure = fields.AwareDateTime(load_default=None)
    planned_arrival = fields.AwareDateTime(load_default=None)


class ShipmentVesselInSchema(Schema):
    vessel_imo = fields.String(required=True, metadata={"example": "9074729"})
    vessel_name = fields.String(load_default="", validate=validate.Length(max=100))
    voyage = fields.String(load_default="", validate=validate.Length(max=20))


class ShipmentContainerInSchema(Schema):
    number = fields.String(required=True, metadata={"example": "CSQU3054383"})
    size_type = fields.String(load_default="22G1", validate=validate.Length(equal=4))
    epc_uri = fields.String(load_default=None, metadata={"description": "The container tag's EPC (GRAI or SSCC)"})
    leg = fields.Integer(load_default=None, metadata={"description": "The leg's sequence; every leg without a "
                                                                     "container if left out"})


class ShipmentUnitInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    epc = fields.String(required=True, metadata={"example": "urn:epc:id:sscc:6901234.0000000017"})
    description = fields.String(load_default="", validate=validate.Length(max=200))


class ShipmentExceptionInSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(tuple(ShipmentException)))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ShipmentNoteInSchema(Schema):
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class PortEventInSchema(Schema):
    """A DCSA Track & Trace event, checked field by field by the service (every wrong field at once)."""

    class Meta:
        unknown = INCLUDE

    eventType = fields.Raw(required=True, metadata={"enum": [dcsa.EQUIPMENT, dcsa.TRANSPORT]})
    eventClassifierCode = fields.Raw(metadata={"enum": list(dcsa.CLASSIFIERS), "example": "ACT"})
    eventDateTime = fields.Raw(required=True, metadata={"example": "2026-11-20T08:30:00+08:00"})
    equipmentEventTypeCode = fields.Raw(metadata={"enum": list(dcsa.EQUIPMENT_CODES)})
    transportEventTypeCode = fields.Raw(metadata={"enum": list(dcsa.TRANSPORT_CODES)})
    equipmentReference = fields.Raw(metadata={"example": "CSQU3054383"})
    emptyIndicatorCode = fields.Raw(metadata={"enum": list(dcsa.EMPTY_INDICATORS)})
    eventLocation = fields.Raw(metadata={"example": {"UNLocationCode": "CNTXG", "facilityCode": "TCT"}})
    transportCall = fields.Raw(metadata={"example": {"modeOfTransport": "VESSEL", "carrierVoyageNumber": "2611E",
                                                     "vessel": {"vesselIMONumber": "9074729"}}})
    documentReferences = fields.Raw(metadata={"example": [{"documentReferenceType": "BKG",
                                                           "documentReferenceValue": "shp_7k2m9q4r8t1v3x5z6w0b"}],
                                              "description": "BKG: a shipment id; TRD: a bill of lading"})


class PortEventSchema(Schema):
    id = fields.String(attribute="public_id")
    shipment = fields.String(attribute="shipment.public_id")
    eventType = fields.String(attribute="event_type")
    eventClassifierCode = fields.String(attribute="classifier")
    eventDateTime = fields.DateTime(attribute="event_at")
    typeCode = fields.String(attribute="type_code", metadata={"description": "equipment or transport event code"})
    equipmentReference = fields.String(attribute="equipment_reference", allow_none=True)
    emptyIndicatorCode = fields.String(attribute="empty_indicator", allow_none=True)
    vesselIMONumber = fields.String(attribute="vessel_imo", allow_none=True)
    carrierVoyageNumber = fields.String(attribute="voyage")
    UNLocationCode = fields.String(attribute="unlocode", allow_none=True)
    facilityCode = fields.String(attribute="facility")
    modeOfTransport = fields.String(attribute="mode", allow_none=True)
    source = fields.String(metadata={"description": "read (derived from a read at a gate or quay), api or web"})
    recorded_at = fields.DateTime()


class RecordedPortEventSchema(PortEventSchema):
    """Dumps a ``services.Recorded`` (the port event, and whether this post recorded it)."""

    new = fields.Boolean(metadata={"description": "false when the same event was recorded before (nothing changed)"})

    def get_attribute(self, obj, attr, default):
        return obj.new if attr == "new" else super().get_attribute(obj.event, attr, default)


class ShipmentLegSchema(Schema):
    sequence = fields.Integer()
    mode = fields.String()
    from_place = fields.String()
    from_locode = fields.String(allow_none=True)
    to_place = fields.String()
    to_locode = fields.String(allow_none=True)
    vessel = fields.Function(lambda leg: {"imo": leg.vessel.imo_number, "name": leg.vessel.name}
                             if leg.vessel else None)
    voyage = fields.String()
    container = fields.Function(lambda leg: leg.container.number if leg.container else None)
    planned_departure = fields.DateTime(allow_none=True)
    planned_arrival = fields.DateTime(allow_none=True)


class ShipmentContainerSchema(Schema):
    number = fields.String()
    size_type = fields.String()
    epc_uri = fields.String(allow_none=True)


class ShipmentUnitSchema(Schema):
    kind = fields.String()
    epc = fields.String(attribute="epc_uri")
    description = fields.String()


class ShipmentStatusChangeSchema(Schema):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    cause = fields.String(metadata={"example": "port:LOAD"})
    reference = fields.String(metadata={"description": "The event behind the change"})
    note = fields.String()
    occurred_at = fields.DateTime()


class ShipmentSchema(Schema):
    id = fields.String(attribute="public_id", metadata={"example": "shp_7k2m9q4r8t1v3x5z6w0b"})
    source = fields.Function(lambda s: {"type": s.source_type, "id": s.source_public_id})
    status = fields.String()
    status_text = fields.Function(lambda s: str(status_name(s.status)))
    exception = fields.String(allow_none=True)
    title = fields.String()
    quantity = fields.Function(lambda s: plain(s.quantity))
    unit = fields.String()
    seller = fields.Nested(PartySchema)
    buyer = fields.Nested(PartySchema)
    carrier = fields.Nested(PartySchema, allow_none=True)
    origin = fields.String()
    destination = fields.String()
    destination_read_point = fields.Function(
        lambda s: s.destination_read_point.public_id if s.destination_read_point else None)
    bill_of_lading = fields.String()
    delivered_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


def _moment(moment):
    item = moment.item
    if moment.kind == "status":
        what = ShipmentStatusChangeSchema().dump(item)
    elif moment.kind == "port_event":
        what = PortEventSchema().dump(item)
    elif moment.kind == "sighting":
        what = {"epc": item.epc_uri, "read_point": item.read_point.public_id if item.read_point else None,
                "reads": item.read_count, "last_seen": item.last_seen.isoformat()}
    else:
        what = {"eventID": item.event_id, "type": item.type, "action": item.action, "bizStep": item.biz_step,
                "disposition": item.disposition, "readPoint": item.read_point}
    return {"at": moment.at.isoformat(), "kind": moment.kind, "what": what}


class ShipmentDetailSchema(ShipmentSchema):
    legs = fields.List(fields.Nested(ShipmentLegSchema))
    containers = fields.Function(lambda s: ShipmentContainerSchema(many=True).dump(services.containers_of(s)))
    units = fields.List(fields.Nested(ShipmentUnitSchema))
    timeline = fields.Function(lambda s: [_moment(moment) for moment in services.timeline(s)], metadata={
        "description": "Oldest first: status changes, port events, sightings at read points and EPCIS events "
                       "naming its units (kind: status, port_event, sighting, epcis)"})
