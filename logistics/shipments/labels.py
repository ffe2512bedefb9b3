"""Translated names of shipment states, exceptions, transport modes, unit kinds and DCSA event codes."""
from flask_babel import lazy_gettext as _l

from logistics.shipments.lifecycle import ShipmentException, ShipmentStatus
from marketplace.accounts import labels

labels.register("shipment_status", {
    ShipmentStatus.BOOKED: _l("Booked, awaiting pick-up"),
    ShipmentStatus.PICKED_UP: _l("Picked up"),
    ShipmentStatus.IN_TRANSIT: _l("In transit"),
    ShipmentStatus.AT_PORT: _l("At port"),
    ShipmentStatus.CUSTOMS_HOLD: _l("Customs hold"),
    ShipmentStatus.OUT_FOR_DELIVERY: _l("Out for delivery"),
    ShipmentStatus.DELIVERED: _l("Delivered"),
}, tuple(ShipmentStatus))
labels.register("shipment_exception", {
    ShipmentException.DELAYED: _l("Delayed"),
    ShipmentException.DAMAGED: _l("Damaged"),
    ShipmentException.LOST: _l("Lost"),
    ShipmentException.REFUSED: _l("Refused"),
}, tuple(ShipmentException))
labels.register("transport_mode", {"road": _l("Road"), "rail": _l("Rail"), "sea": _l("Sea"), "air": _l("Air")})
labels.register("shipment_unit_kind", {
    "item": _l("Item (SGTIN)"), "case": _l("Case"), "pallet": _l("Pallet (SSCC)"),
    "asset": _l("Returnable asset (GRAI)"), "container": _l("Container tag"), "lot": _l("Lot (LGTIN)"),
})
labels.register("port_event_code", {
    "LOAD": _l("Loaded"), "DISC": _l("Discharged"), "GTIN": _l("Gate in"), "GTOT": _l("Gate out"),
    "STUF": _l("Stuffed"), "STRP": _l("Stripped"), "PICK": _l("Picked up"), "DROP": _l("Dropped off"),
    "INSP": _l("Inspected"), "RSEA": _l("Resealed"), "RMVD": _l("Removed"), "ARRI": _l("Arrived"),
    "DEPA": _l("Departed"),
})


def status_name(status):
    return labels.label(status, "shipment_status")
