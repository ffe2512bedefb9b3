"""How reads and EPCIS events move shipments along: the readers and EPCIS services call in here.

Both hooks run inside the caller's transaction, so a shipment's status change commits with the
sighting or event that caused it, or not at all. Each shipment concerned is locked before it is
moved, so two reads of one pallet at the buyer's dock deliver it once.
"""
from sqlalchemy import select

from logistics.epcis.models import EpcisEventIdentifier
from logistics.shipments import dcsa, services
from logistics.shipments.lifecycle import Move, ShipmentStatus
from logistics.shipments.models import Container, Shipment, ShipmentLeg, ShipmentUnit
from marketplace.extensions import db

# CBV 2.0 business steps that say where the goods are, and the moves they stand for.
BIZ_STEP_MOVES = {
    "shipping": (Move.PICK_UP,),
    "departing": (Move.PICK_UP, Move.DEPART),
    "loading": (Move.DEPART,),
    "arriving": (Move.ARRIVE,),
    "unloading": (Move.ARRIVE,),
    "receiving": (Move.ARRIVE,),
}
_NAMING_ROLES = ("epc", "parent", "child")


def _bare(step):
    """CBV bare word of a business step given as a word, a CBV URN or a GS1 web URI."""
    return (step or "").rsplit(":", 1)[-1].rsplit("/", 1)[-1]


def _shipments_naming(epcs):
    """Ids of shipments not delivered whose units, or containers' tags, are among ``epcs``."""
    epcs = [epc for epc in epcs if epc]
    if not epcs:
        return []
    by_unit = select(ShipmentUnit.shipment_id).where(ShipmentUnit.epc_uri.in_(epcs))
    by_container = select(ShipmentLeg.shipment_id).join(Container).where(Container.epc_uri.in_(epcs))
    return db.session.scalars(select(Shipment.id).where(
        Shipment.status != ShipmentStatus.DELIVERED,
        Shipment.id.in_(by_unit.union(by_container))).order_by(Shipment.id)).all()


def on_sighting(sighting, read_point, event):
    """A sighting just reached the minimum reads at ``read_point``; ``event`` is its ObjectEvent (or None).

    At the shipment's destination dock it is delivered (via rfid); at a gate or quay with a port event
    code it gets the equipment event the read implies, once however many of its units are read. Only
    reads at read points of the shipment's seller, buyer or carrier move it: another firm's reader
    that happens to see its tags says nothing about it.
    """
    if read_point is None:
        return
    reference = event.event_id if event is not None else f"sighting:{sighting.id}"
    for shipment_id in _shipments_naming([sighting.epc_uri]):
        shipment = services.locked(shipment_id)
        if shipment.status == ShipmentStatus.DELIVERED or not _party(shipment, read_point.enterprise_id):
            continue
        if shipment.destination_read_point_id == read_point.id:
            services.deliver(shipment, "rfid", reference, sighting.first_seen)
        elif read_point.port_event:
            container = _container_read(shipment, sighting.epc_uri)
            if container is None:
                continue
            derived = dcsa.from_read(read_point.port_event, container.number, sighting.first_seen,
                                     read_point.unlocode, read_point.facility)
            services.record_for(shipment, derived, "read", read_point.enterprise, read_point=read_point)


def _party(shipment, enterprise_id):
    return enterprise_id in (shipment.seller_enterprise_id, shipment.buyer_enterprise_id,
                             shipment.carrier_enterprise_id)


def _container_read(shipment, epc_uri):
    """The container whose tag was read, or the one the read unit travels in (the first on the route)."""
    containers = services.containers_of(shipment)
    return next((c for c in containers if c.epc_uri == epc_uri), containers[0] if containers else None)


def on_event(event):
    """A new EPCIS event was stored (captured, posted, or made from a sighting).

    An event naming a shipment's unit with a business step of where goods are moves it; receiving
    at the shipment's destination dock delivers it. Error declarations (corrections) move nothing,
    and neither does an event recorded by anyone but the shipment's seller, buyer or carrier: naming
    its tags and the buyer's dock must not let a stranger deliver it and so open its settlement.
    """
    step = _bare(event.biz_step)
    if event.declares_error or step not in BIZ_STEP_MOVES:
        return
    named = db.session.scalars(select(EpcisEventIdentifier.value).where(
        EpcisEventIdentifier.event_id == event.id, EpcisEventIdentifier.role.in_(_NAMING_ROLES))).all()
    for shipment_id in _shipments_naming(named):
        shipment = services.locked(shipment_id)
        if shipment.status == ShipmentStatus.DELIVERED or not _party(shipment, event.enterprise_id):
            continue
        dock = shipment.destination_read_point
        if step == "receiving" and dock is not None and event.read_point == dock.sgln:
            services.deliver(shipment, "rfid", event.event_id, event.event_time)
        else:
            services.advance(shipment, BIZ_STEP_MOVES[step], f"epcis:{step}", event.event_id, event.event_time)
