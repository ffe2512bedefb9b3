"""How reads and EPCIS events move shipments along: the readers and EPCIS services call in here.

Both hooks run inside the caller's transaction, so a shipment's status change commits with the
sighting or event that caused it, or not at all. Each shipment concerned is locked before it is
moved, so two reads of one pallet at the buyer's dock deliver it once. They take a whole batch at
once and find the shipments its EPCs name in one query, since a pallet passing a dock door makes
thousands of sightings and events that mostly name no shipment at all.
"""
from sqlalchemy import select, union

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


def _shipments_naming(epcs):
    """``{epc: [shipment id]}``: shipments not delivered whose units, or containers' tags, are among ``epcs``."""
    epcs = sorted({epc for epc in epcs if epc})
    if not epcs:
        return {}
    by_unit = select(ShipmentUnit.epc_uri.label("epc"), ShipmentUnit.shipment_id.label("shipment_id")).where(
        ShipmentUnit.epc_uri.in_(epcs))
    by_container = select(Container.epc_uri.label("epc"), ShipmentLeg.shipment_id.label("shipment_id")).join(
        ShipmentLeg, ShipmentLeg.container_id == Container.id).where(Container.epc_uri.in_(epcs))
    links = union(by_unit, by_container).subquery()
    naming = {}
    for epc, shipment_id in db.session.execute(
            select(links.c.epc, links.c.shipment_id).join(Shipment, Shipment.id == links.c.shipment_id)
            .where(Shipment.status != ShipmentStatus.DELIVERED).order_by(links.c.shipment_id)):
        naming.setdefault(epc, []).append(shipment_id)
    return naming


def on_sighting(sighting, read_point, event):
    """One sighting; see :func:`on_sightings`."""
    on_sightings([(sighting, read_point, event)])


def on_sightings(observations):
    """Sightings that just reached the minimum reads: ``[(sighting, read_point, event)]``, ``event`` being
    the sighting's ObjectEvent (or None).

    At the shipment's destination dock it is delivered (via rfid); at a gate or quay with a port event
    code it gets the equipment event the read implies, once however many of its units are read. Only
    reads at read points of the shipment's seller, buyer or carrier move it: another firm's reader
    that happens to see its tags says nothing about it.
    """
    observations = [seen for seen in observations if seen[1] is not None]
    naming = _shipments_naming(sighting.epc_uri for sighting, _point, _event in observations)
    for sighting, read_point, event in observations:
        for shipment_id in naming.get(sighting.epc_uri, ()):
            _move_on_sighting(shipment_id, sighting, read_point, event)


def _move_on_sighting(shipment_id, sighting, read_point, event):
    shipment = services.locked(shipment_id)
    if shipment.status == ShipmentStatus.DELIVERED or not _party(shipment, read_point.enterprise_id):
        return
    if shipment.destination_read_point_id == read_point.id:
        reference = event.event_id if event is not None else f"sighting:{sighting.id}"
        services.deliver(shipment, "rfid", reference, sighting.first_seen)
    elif read_point.port_event:
        container = _container_read(shipment, sighting.epc_uri)
        if container is None:
            return
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


def on_events(events):
    """New EPCIS events, in the order they were stored (captured, posted, or made from sightings).

    An event naming a shipment's unit with a business step of where goods are moves it; receiving
    at the shipment's destination dock delivers it. Error declarations (corrections) move nothing,
    and neither does an event recorded by anyone but the shipment's seller, buyer or carrier: naming
    its tags and the buyer's dock must not let a stranger deliver it and so open its settlement.
    """
    # Stored events carry CBV business steps as bare words already (epcis.document normalises them).
    moving = [event for event in events if not event.declares_error and event.biz_step in BIZ_STEP_MOVES]
    if not moving:
        return
    named = {}
    for event_id, value in db.session.execute(select(EpcisEventIdentifier.event_id, EpcisEventIdentifier.value).where(
            EpcisEventIdentifier.event_id.in_([event.id for event in moving]),
            EpcisEventIdentifier.role.in_(_NAMING_ROLES))):
        named.setdefault(event_id, []).append(value)
    naming = _shipments_naming(value for values in named.values() for value in values)
    for event in moving:
        for shipment_id in sorted({found for value in named.get(event.id, ()) for found in naming.get(value, ())}):
            _move_on_event(shipment_id, event)


def _move_on_event(shipment_id, event):
    step = event.biz_step
    shipment = services.locked(shipment_id)
    if shipment.status == ShipmentStatus.DELIVERED or not _party(shipment, event.enterprise_id):
        return
    dock = shipment.destination_read_point
    if step == "receiving" and dock is not None and event.read_point == dock.sgln:
        services.deliver(shipment, "rfid", event.event_id, event.event_time)
    else:
        services.advance(shipment, BIZ_STEP_MOVES[step], f"epcis:{step}", event.event_id, event.event_time)
