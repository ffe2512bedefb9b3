"""DCSA Track & Trace shapes of port and multimodal events: reading them, checking them, and what they mean.

An equipment event says what happened to a container (LOAD onto a vessel, DISC from it, gate in
and gate out at a terminal, stuffing and stripping, pick-up and drop-off, inspection, resealing,
seal removal), laden or empty; a transport event says a vessel (or train, truck, barge) arrived at
or departed from a place, with its IMO number and voyage. ``parse`` checks a posted event and
reports every wrong field at once; ``from_read`` makes the equipment event a read at a gate or a
quay implies; ``moves_for`` says how an event moves a shipment. Pure: no Flask, no database.
"""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from logistics.identifiers.transport import InvalidIdentifier, container_number, imo_number, unlocode
from logistics.shipments.lifecycle import Move
from logistics.messages import message

EQUIPMENT, TRANSPORT = "EQUIPMENT", "TRANSPORT"
EQUIPMENT_CODES = ("LOAD", "DISC", "GTIN", "GTOT", "STUF", "STRP", "PICK", "DROP", "INSP", "RSEA", "RMVD")
TRANSPORT_CODES = ("ARRI", "DEPA")
CLASSIFIERS = ("PLN", "EST", "ACT")  # planned, estimated, actual
EMPTY_INDICATORS = ("EMPTY", "LADEN")
MODES = ("VESSEL", "RAIL", "TRUCK", "BARGE")

# Where an event happened, seen from one shipment's route.
ORIGIN, DISCHARGE, ELSEWHERE = "origin", "discharge", "elsewhere"


class InvalidPortEvent(ValueError):
    """``errors`` maps each wrong field (DCSA names, dotted for nested ones) to what is wrong with it."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class PortEventData:
    """One checked event; identifiers normalised (container number, IMO, UN/LOCODE), time in UTC."""

    event_type: str
    type_code: str
    event_at: datetime
    classifier: str = "ACT"
    equipment_reference: str | None = None
    empty_indicator: str | None = None
    vessel_imo: str | None = None
    voyage: str = ""
    unlocode: str | None = None
    facility: str = ""
    mode: str | None = None
    transport_document: str | None = None  # a bill of lading (documentReferences TRD)
    booking: str | None = None  # a shipment's id (documentReferences BKG)

    def dedup_key(self, shipment, read_point=None):
        """The same event about the same shipment gives the same key, however often it is posted.

        An event derived from reads at ``read_point`` is one per container, code and read point, whenever
        each unit in the container happened to be read there: thirty cases read at a quay crane are one LOAD.
        """
        if read_point is not None:
            parts = (shipment, "read", read_point, self.event_type, self.type_code, self.equipment_reference or "")
        else:
            parts = (shipment, self.event_type, self.type_code, self.classifier,
                     self.event_at.astimezone(timezone.utc).isoformat(), self.equipment_reference or "",
                     self.empty_indicator or "", self.vessel_imo or "", self.voyage, self.unlocode or "",
                     self.facility, self.mode or "")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def as_dcsa(self):
        """The event in DCSA shape, as the API shows it."""
        shape = {"eventType": self.event_type, "eventClassifierCode": self.classifier,
                 "eventDateTime": self.event_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")}
        if self.event_type == EQUIPMENT:
            shape |= {"equipmentEventTypeCode": self.type_code, "equipmentReference": self.equipment_reference,
                      "emptyIndicatorCode": self.empty_indicator}
        else:
            shape["transportEventTypeCode"] = self.type_code
        shape["eventLocation"] = {"UNLocationCode": self.unlocode, "facilityCode": self.facility or None}
        shape["transportCall"] = {"modeOfTransport": self.mode, "carrierVoyageNumber": self.voyage or None,
                                  "vessel": {"vesselIMONumber": self.vessel_imo} if self.vessel_imo else None}
        return shape


def _text(value, field, errors, limit, required=False):
    if value is None or value == "":
        if required:
            errors[field] = message("is required")
        return None
    if not isinstance(value, str):
        errors[field] = message("must be text")
        return None
    value = value.strip()
    if len(value) > limit:
        errors[field] = message("is at most %(limit)s characters", limit=limit)
        return None
    return value


def _one_of(value, field, allowed, errors, required=False):
    value = _text(value, field, errors, 10, required)
    if value is not None and value.upper() not in allowed:
        errors[field] = message("%(value)r is not one of %(allowed)s", value=value, allowed=", ".join(allowed))
        return None
    return value.upper() if value is not None else None


def _identifier(check, value, field, errors, required=False):
    text = _text(value, field, errors, 40, required)
    if text is None:
        return None
    try:
        return check(text)
    except InvalidIdentifier as invalid:
        errors[field] = invalid.message
        return None


def _time(value, field, errors):
    text = _text(value, field, errors, 40, required=True)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        errors[field] = message("%(text)r is not an ISO 8601 date and time", text=text)
        return None
    if moment.tzinfo is None:
        errors[field] = message("needs a time zone offset (e.g. 2026-11-20T08:30:00+08:00 or …Z)")
        return None
    return moment.astimezone(timezone.utc)


def _mapping(value, field, errors):
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors[field] = message("must be an object")
        return {}
    return value


def parse(data):
    """Check a posted DCSA event; :return: PortEventData. :raise InvalidPortEvent: naming every wrong field."""
    errors = {}
    if not isinstance(data, dict):
        raise InvalidPortEvent({"event": message("must be a JSON object")})
    event_type = _one_of(data.get("eventType"), "eventType", (EQUIPMENT, TRANSPORT), errors, required=True)
    classifier = _one_of(data.get("eventClassifierCode") or "ACT", "eventClassifierCode", CLASSIFIERS, errors)
    event_at = _time(data.get("eventDateTime"), "eventDateTime", errors)
    location = _mapping(data.get("eventLocation"), "eventLocation", errors)
    call = _mapping(data.get("transportCall"), "transportCall", errors)
    vessel = _mapping(call.get("vessel"), "transportCall.vessel", errors)
    code = equipment = empty = None
    if event_type == EQUIPMENT:
        code = _one_of(data.get("equipmentEventTypeCode"), "equipmentEventTypeCode", EQUIPMENT_CODES, errors,
                       required=True)
        equipment = _identifier(container_number, data.get("equipmentReference"), "equipmentReference", errors,
                                required=True)
        empty = _one_of(data.get("emptyIndicatorCode") or "LADEN", "emptyIndicatorCode", EMPTY_INDICATORS, errors)
    elif event_type == TRANSPORT:
        code = _one_of(data.get("transportEventTypeCode"), "transportEventTypeCode", TRANSPORT_CODES, errors,
                       required=True)
    imo = _identifier(imo_number, vessel.get("vesselIMONumber"), "transportCall.vessel.vesselIMONumber", errors)
    mode = _one_of(call.get("modeOfTransport"), "transportCall.modeOfTransport", MODES, errors)
    if event_type == TRANSPORT and mode in (None, "VESSEL") and imo is None and \
            "transportCall.vessel.vesselIMONumber" not in errors:
        errors["transportCall.vessel.vesselIMONumber"] = message("is required for a vessel's arrival or departure")
    voyage = _text(call.get("carrierVoyageNumber") or call.get("exportVoyageNumber"),
                   "transportCall.carrierVoyageNumber", errors, 20)
    where = location.get("UNLocationCode") or call.get("UNLocationCode")
    field = "eventLocation.UNLocationCode" if location.get("UNLocationCode") else "transportCall.UNLocationCode"
    place = _identifier(unlocode, where, field, errors, required=event_type == TRANSPORT)
    facility = _text(location.get("facilityCode") or call.get("facilityCode"), "eventLocation.facilityCode",
                     errors, 100)
    documents = {}
    references = data.get("documentReferences") or []
    if not isinstance(references, list):
        errors["documentReferences"] = message("must be a list")
        references = []
    for index, reference in enumerate(references):
        if not isinstance(reference, dict) or reference.get("documentReferenceType") not in ("BKG", "TRD"):
            errors[f"documentReferences.{index}"] = message("needs documentReferenceType BKG or TRD")
            continue
        value = _text(reference.get("documentReferenceValue"), f"documentReferences.{index}.documentReferenceValue",
                      errors, 40, required=True)
        documents[reference["documentReferenceType"]] = value
    if errors:
        raise InvalidPortEvent(errors)
    return PortEventData(event_type=event_type, type_code=code, event_at=event_at, classifier=classifier,
                         equipment_reference=equipment, empty_indicator=empty, vessel_imo=imo, voyage=voyage or "",
                         unlocode=place, facility=facility or "", mode=mode or ("VESSEL" if imo else None),
                         transport_document=documents.get("TRD"), booking=documents.get("BKG"))


def from_read(port_event, container, event_at, place=None, facility="", laden=True):
    """The equipment event a read implies: ``port_event`` of the read point, the container read, when.

    :raise InvalidPortEvent: for a read point's code that is not an equipment event, or a bad container number.
    """
    errors = {}
    code = _one_of(port_event, "port_event", EQUIPMENT_CODES, errors, required=True)
    equipment = _identifier(container_number, container, "equipmentReference", errors, required=True)
    if errors:
        raise InvalidPortEvent(errors)
    return PortEventData(event_type=EQUIPMENT, type_code=code, event_at=event_at.astimezone(timezone.utc),
                         equipment_reference=equipment, empty_indicator="LADEN" if laden else "EMPTY",
                         unlocode=place, facility=facility or "")


def place_of(locode, origin, discharge):
    """Whether ``locode`` is the route's origin, its discharge port, or elsewhere (unknown counts as elsewhere)."""
    if locode is not None and locode == discharge:
        return DISCHARGE
    if locode is not None and locode == origin:
        return ORIGIN
    return ELSEWHERE


_MOVES = {
    ("GTOT", ORIGIN): (Move.PICK_UP, Move.DEPART),
    ("GTOT", DISCHARGE): (Move.OUT_FOR_DELIVERY,),
    ("GTOT", ELSEWHERE): (Move.DEPART,),
    ("GTIN", ORIGIN): (Move.PICK_UP,),
    ("PICK", ORIGIN): (Move.PICK_UP,),
    ("INSP", DISCHARGE): (Move.HOLD_CUSTOMS,),
    ("RSEA", DISCHARGE): (Move.RELEASE_CUSTOMS,),
}
_ANYWHERE = {
    "LOAD": (Move.DEPART,), "DEPA": (Move.DEPART,), "DISC": (Move.ARRIVE,), "ARRI": (Move.ARRIVE,),
    "GTIN": (Move.ARRIVE,),
}


def moves_for(event, place):
    """The moves ``event`` (PortEventData) stands for at ``place``, to try in order; empty when it moves nothing.

    Only actual events move a shipment (planned and estimated ones are news, not facts), and an empty
    container's moves are not the goods' moves.
    """
    if event.classifier != "ACT" or event.empty_indicator == "EMPTY":
        return ()
    return _MOVES.get((event.type_code, place)) or _ANYWHERE.get(event.type_code, ())
