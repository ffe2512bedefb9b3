"""Shipment use cases: book from an order or contract, assign a carrier, describe the route and what
travels, record port events, report and clear exceptions, deliver.

Every change locks the shipment's row first (``locked``), so two reads at the buyer's dock, a read
racing the buyer's confirmation, or a port event posted twice run one after the other and the
second sees what the first did: delivery happens once, a repeated event changes nothing. The status
is never edited: it moves only by ``_move``, which writes the ShipmentStatusChange naming the event
behind it, the audit record and, for pick-up and delivery, the outbox event settlement reacts to.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from logistics.identifiers.transport import InvalidIdentifier, container_number, imo_number, unlocode
from logistics.readers.models import ReadPoint, Sighting
from logistics.shipments import dcsa, lifecycle
from logistics.shipments.lifecycle import Move, ShipmentException, ShipmentStatus
from logistics.shipments.models import (
    Container, PortEvent, Shipment, ShipmentLeg, ShipmentStatusChange, ShipmentUnit, Vessel,
)
from logistics.shipments.units import InvalidUnit, unit_epc
from marketplace.accounts.lifecycle import EnterpriseStatus
from marketplace.accounts.models import Enterprise, EnterpriseKind
from marketplace.api import paginate
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import translated
from marketplace.outbox import emit

ORDER, CONTRACT = "order", "contract"
MODES = ("road", "rail", "sea", "air")
CARRIER_KIND = "logistics"


# --- reading ------------------------------------------------------------------------------------

def parties(enterprise):
    """The condition "``enterprise`` sells, buys or carries the shipment"."""
    return or_(Shipment.seller_enterprise_id == enterprise.id, Shipment.buyer_enterprise_id == enterprise.id,
               Shipment.carrier_enterprise_id == enterprise.id)


SIDES = {"selling": "seller_enterprise_id", "buying": "buyer_enterprise_id", "carrying": "carrier_enterprise_id"}


def shipments_statement(enterprise, side=None, status=None):
    """Shipments ``enterprise`` is party to (on ``side`` if given; all of them for oversight's ``None``)."""
    statement = select(Shipment)
    if enterprise is not None:
        statement = statement.where(getattr(Shipment, SIDES[side]) == enterprise.id if side in SIDES
                                    else parties(enterprise))
    if status:
        statement = statement.where(Shipment.status == status)
    return statement


def shipments_page(enterprise, side=None, status=None, per_page=50, cursor=None):
    """A page of shipments, newest first (``{"items", "next_cursor"}``), with their seller, buyer and carrier
    loaded at once: a page costs a fixed number of queries, not three per row.

    :raise InvalidInput: for a cursor we did not issue.
    """
    statement = shipments_statement(enterprise, side, status).options(
        selectinload(Shipment.seller), selectinload(Shipment.buyer), selectinload(Shipment.carrier))
    return paginate(db.session, statement, Shipment.id, per_page, cursor, newest_first=True)


def shipments_of_deal(source_public_id):
    """The shipments booked for one order or contract, oldest first."""
    return db.session.scalars(select(Shipment).where(Shipment.source_public_id == source_public_id)
                              .order_by(Shipment.id)).all()


def shipment_for(enterprise, public_id):
    """A shipment seen by its seller, buyer or carrier (or by oversight, passing None). :raise NotFound:"""
    shipment = db.session.scalar(select(Shipment).where(Shipment.public_id == public_id))
    if shipment is None or (enterprise is not None and enterprise.id not in (
            shipment.seller_enterprise_id, shipment.buyer_enterprise_id, shipment.carrier_enterprise_id)):
        raise NotFound(_("There is no such shipment."))
    return shipment


def containers_of(shipment):
    """The containers on the shipment's legs, in route order, each once."""
    seen = {}
    for leg in shipment.legs:
        if leg.container is not None:
            seen.setdefault(leg.container.id, leg.container)
    return list(seen.values())


def port_events_of(shipment):
    return db.session.scalars(select(PortEvent).where(PortEvent.shipment_id == shipment.id)
                              .order_by(PortEvent.event_at, PortEvent.id)).all()


def route_ends(shipment):
    """``(origin UN/LOCODE, discharge UN/LOCODE)``: where the route starts, and the last port the goods
    reach by sea (or, without a sea leg, the last place with a code) before going on to the buyer."""
    legs = shipment.legs
    origin = next((leg.from_locode for leg in legs if leg.from_locode), None)
    sea = [leg for leg in legs if leg.mode == "sea" and leg.to_locode]
    coded = sea or [leg for leg in legs if leg.to_locode]
    return origin, coded[-1].to_locode if coded else None


def epcs_of(shipment):
    """The EPCs whose reads and events count for the shipment: its units' and its containers' tags."""
    return [unit.epc_uri for unit in shipment.units] + [c.epc_uri for c in containers_of(shipment) if c.epc_uri]


@dataclass(frozen=True)
class Moment:
    """One line of a shipment's timeline: ``kind`` is status, port_event, sighting or epcis; ``item`` the row."""

    at: datetime
    kind: str
    item: object


def timeline(shipment):
    """Everything that happened to the shipment, oldest first: status changes (at the time of the event behind
    them), port events, sightings of its units at read points, and EPCIS events naming its units."""
    epcs = epcs_of(shipment)
    moments = [Moment(change.occurred_at, "status", change) for change in shipment.changes]
    moments += [Moment(event.event_at, "port_event", event) for event in port_events_of(shipment)]
    if epcs:
        seen = db.session.scalars(select(Sighting).where(Sighting.epc_uri.in_(epcs), Sighting.status == "seen")
                                  .options(selectinload(Sighting.read_point)).order_by(Sighting.first_seen)).all()
        moments += [Moment(sighting.first_seen, "sighting", sighting) for sighting in seen]
        named = select(EpcisEventIdentifier.event_id).where(EpcisEventIdentifier.value.in_(epcs))
        events = db.session.scalars(select(EpcisEvent).where(EpcisEvent.id.in_(named))
                                    .order_by(EpcisEvent.event_time)).all()
        moments += [Moment(event.event_time, "epcis", event) for event in events]
    order = {"status": 3, "port_event": 1, "sighting": 0, "epcis": 2}
    return sorted(moments, key=lambda moment: (moment.at, order[moment.kind]))


def carriers():
    """Verified logistics enterprises a seller may choose from."""
    return db.session.scalars(
        select(Enterprise).where(Enterprise.status == EnterpriseStatus.VERIFIED,
                                 Enterprise.kinds.any(EnterpriseKind.kind == CARRIER_KIND))
        .order_by(Enterprise.id)).all()


# --- booking and describing ---------------------------------------------------------------------

def _source(seller, source_type, source_public_id):
    """``(title, quantity, unit, buyer id)`` of the seller's order or contract, read through its own service."""
    if source_type == ORDER:
        from marketplace.orders import services as orders

        order = orders.order_for(seller, source_public_id)
        if order.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller books the shipment of an order."))
        units = {line.unit for line in order.lines}
        quantity = sum((line.quantity for line in order.lines), Decimal(0)) if len(units) == 1 else Decimal(1)
        title = order.lines[0].description if order.lines else order.public_id
        return title, quantity, units.pop() if len(units) == 1 else "lot", order.buyer_enterprise_id
    if source_type == CONTRACT:
        from trading.contracts import services as contracts

        contract = contracts.contract_for(seller, source_public_id)
        if contract.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller books the shipment of a contract."))
        return contract.title_zh, contract.quantity, contract.unit, contract.buyer_enterprise_id
    raise InvalidInput(_("A shipment is booked for an order or a contract."),
                       {"source_type": [_("Choose order or contract.")]})


def book(user, seller, source_type, source_public_id, origin="", destination="", bill_of_lading="",
         carrier_public_id=None, destination_read_point=None):
    """The seller books the shipment of its order or contract; buyer, goods and quantity come from the deal."""
    with transaction():
        title, quantity, unit, buyer_id = _source(seller, source_type, source_public_id)
        shipment = Shipment(source_type=source_type, source_public_id=source_public_id,
                            seller_enterprise_id=seller.id, buyer_enterprise_id=buyer_id, title=title[:300],
                            quantity=quantity, unit=unit, origin=(origin or "").strip()[:200],
                            destination=(destination or "").strip()[:200],
                            bill_of_lading=(bill_of_lading or "").strip()[:40], status=ShipmentStatus.BOOKED)
        db.session.add(shipment)
        db.session.flush()
        db.session.add(ShipmentStatusChange(shipment_id=shipment.id, from_status=None, to_status=shipment.status,
                                            cause="booked", reference=source_public_id,
                                            changed_by_id=_user_id(user), occurred_at=utcnow()))
        _audit("shipment.booked", user, seller, shipment,
               after={"source": f"{source_type}:{source_public_id}", "quantity": str(quantity), "unit": unit})
        if carrier_public_id:
            _assign(user, seller, shipment, carrier_public_id)
        if destination_read_point:
            _set_destination(user, seller, shipment, destination_read_point)
    return shipment


def assign_carrier(user, seller, public_id, carrier_public_id):
    """The seller chooses a verified logistics enterprise to carry the goods (again, until they are picked up)."""
    with transaction():
        shipment = _locked_for(seller, public_id)
        if shipment.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller chooses the carrier."))
        if shipment.status != ShipmentStatus.BOOKED:
            raise InvalidInput(_("The carrier can be changed only before the goods are picked up."))
        _assign(user, seller, shipment, carrier_public_id)
    return shipment


def _assign(user, seller, shipment, carrier_public_id):
    carrier = db.session.scalar(select(Enterprise).where(Enterprise.public_id == carrier_public_id))
    if carrier is None or carrier.status != EnterpriseStatus.VERIFIED or CARRIER_KIND not in carrier.kind_names:
        raise InvalidInput(_("The carrier must be a verified logistics enterprise."),
                           {"carrier": [_("Choose a verified logistics enterprise.")]})
    before = shipment.carrier.public_id if shipment.carrier else None
    shipment.carrier_enterprise_id = carrier.id
    shipment.carrier = carrier
    shipment.version += 1
    _audit("shipment.carrier_assigned", user, seller, shipment, before={"carrier": before},
           after={"carrier": carrier.public_id})


def set_destination(user, enterprise, public_id, read_point_public_id):
    """The buyer (or the seller for it) names the dock whose reads mark the goods delivered."""
    with transaction():
        shipment = _locked_for(enterprise, public_id)
        if enterprise.id not in (shipment.buyer_enterprise_id, shipment.seller_enterprise_id):
            raise Forbidden(_("Only the buyer or the seller names the destination dock."))
        _check_open(shipment)
        _set_destination(user, enterprise, shipment, read_point_public_id)
    return shipment


def _set_destination(user, enterprise, shipment, read_point_public_id):
    read_point = db.session.scalar(select(ReadPoint).where(ReadPoint.public_id == read_point_public_id))
    if read_point is None or read_point.enterprise_id not in (shipment.buyer_enterprise_id,
                                                              shipment.carrier_enterprise_id):
        raise InvalidInput(_("The destination must be a read point of the buyer or the carrier."),
                           {"destination_read_point": [_("No such read point of the buyer or the carrier.")]})
    shipment.destination_read_point_id = read_point.id
    shipment.destination_read_point = read_point
    shipment.version += 1
    _audit("shipment.destination_set", user, enterprise, shipment, after={"read_point": read_point.public_id})


def _identifier(check, value, field, errors):
    if value in (None, ""):
        return None
    try:
        return check(value)
    except InvalidIdentifier as invalid:
        errors[field] = [translated(invalid.message)]
        return None


def _vessel(imo, name):
    vessel = db.session.scalar(select(Vessel).where(Vessel.imo_number == imo))
    if vessel is None:
        vessel = Vessel(imo_number=imo, name=(name or f"IMO {imo}").strip()[:100])
        db.session.add(vessel)
        db.session.flush()
    return vessel


def _container(number, size_type=None, epc_uri=None):
    container = db.session.scalar(select(Container).where(Container.number == number))
    if container is None:
        container = Container(number=number, size_type=(size_type or "22G1")[:4], epc_uri=epc_uri)
        db.session.add(container)
        db.session.flush()
    elif epc_uri and container.epc_uri != epc_uri:
        container.epc_uri = epc_uri
    return container


def add_leg(user, enterprise, public_id, mode, from_place, to_place, from_locode=None, to_locode=None,
            vessel_imo=None, vessel_name="", voyage="", container=None, planned_departure=None,
            planned_arrival=None):
    """The seller or the carrier adds the next stretch of the route. Wrong UN/LOCODE, IMO or container check
    digits are all reported at once and nothing is stored."""
    errors = {}
    if mode not in MODES:
        errors["mode"] = [_("Choose road, rail, sea or air.")]
    for field, value in (("from_place", from_place), ("to_place", to_place)):
        if not (value or "").strip():
            errors[field] = [_("Name the place.")]
    from_code = _identifier(unlocode, from_locode, "from_locode", errors)
    to_code = _identifier(unlocode, to_locode, "to_locode", errors)
    imo = _identifier(imo_number, vessel_imo, "vessel_imo", errors)
    number = _identifier(container_number, container, "container", errors)
    if planned_departure and planned_arrival and planned_arrival < planned_departure:
        errors["planned_arrival"] = [_("The arrival cannot be before the departure.")]
    if errors:
        raise InvalidInput(_("The leg was not added; correct the marked fields."), errors)
    with transaction():
        shipment = _locked_for(enterprise, public_id)
        _check_describer(shipment, enterprise)
        leg = ShipmentLeg(shipment_id=shipment.id, sequence=len(shipment.legs) + 1, mode=mode,
                          from_place=from_place.strip()[:200], from_locode=from_code, to_place=to_place.strip()[:200],
                          to_locode=to_code, vessel_id=_vessel(imo, vessel_name).id if imo else None,
                          voyage=(voyage or "").strip()[:20],
                          container_id=_container(number).id if number else None,
                          planned_departure=planned_departure, planned_arrival=planned_arrival)
        db.session.add(leg)
        shipment.version += 1
        db.session.flush()
        db.session.refresh(shipment, ["legs"])
        _audit("shipment.leg_added", user, enterprise, shipment,
               after={"sequence": leg.sequence, "mode": mode, "from": from_code or leg.from_place,
                      "to": to_code or leg.to_place, "vessel": imo, "voyage": leg.voyage, "container": number})
    return leg


def assign_vessel(user, enterprise, public_id, sequence, vessel_imo, vessel_name="", voyage=""):
    """Name the vessel (IMO check digit verified) and voyage of leg ``sequence``."""
    errors = {}
    imo = _identifier(imo_number, vessel_imo, "vessel_imo", errors)
    if imo is None and not errors:
        errors["vessel_imo"] = [_("Enter the vessel's IMO number.")]
    if errors:
        raise InvalidInput(_("The vessel was not set; correct the marked fields."), errors)
    with transaction():
        shipment = _locked_for(enterprise, public_id)
        _check_describer(shipment, enterprise)
        leg = next((one for one in shipment.legs if one.sequence == sequence), None)
        if leg is None:
            raise NotFound(_("There is no such leg."))
        vessel = _vessel(imo, vessel_name)
        leg.vessel_id, leg.vessel = vessel.id, vessel
        leg.voyage = (voyage or leg.voyage or "").strip()[:20]
        shipment.version += 1
        _audit("shipment.vessel_assigned", user, enterprise, shipment,
               after={"leg": sequence, "vessel": imo, "voyage": leg.voyage})
    return leg


def add_container(user, enterprise, public_id, number, size_type="22G1", epc_uri=None, leg=None):
    """Put a container (check digit verified) on leg ``leg`` (its sequence) or on every leg still without one;
    its tag's EPC (a GRAI or SSCC), when given, makes reads of the container count for the shipment."""
    errors = {}
    number = _identifier(container_number, number, "number", errors) if number else None
    if number is None and "number" not in errors:
        errors["number"] = [_("Enter the container number.")]
    tag = None
    if epc_uri:
        try:
            tag = unit_epc("container", epc_uri)
        except InvalidUnit as invalid:
            errors["epc_uri"] = [translated(invalid.message)]
    if errors:
        raise InvalidInput(_("The container was not added; correct the marked fields."), errors)
    with transaction():
        shipment = _locked_for(enterprise, public_id)
        _check_describer(shipment, enterprise)
        legs = [one for one in shipment.legs if (one.sequence == leg if leg else one.container_id is None)]
        if not legs:
            raise InvalidInput(_("Add the leg the container travels on first."),
                               {"leg": [_("No such leg without a container.")]})
        container = _container(number, size_type, tag)
        for one in legs:
            one.container_id = container.id
        shipment.version += 1
        _audit("shipment.container_added", user, enterprise, shipment,
               after={"container": number, "legs": [one.sequence for one in legs], "epc": tag})
    return container


def add_unit(user, enterprise, public_id, kind, epc_uri, description=""):
    """What travels, identified by its EPC (validated; kept as a pure-identity or LGTIN class URI)."""
    try:
        uri = unit_epc(kind, epc_uri)
    except InvalidUnit as invalid:
        why = translated(invalid.message)
        raise InvalidInput(_("The unit was not added: %(why)s", why=why), {invalid.field: [why]}) from None
    with transaction():
        shipment = _locked_for(enterprise, public_id)
        _check_describer(shipment, enterprise)
        if any(unit.epc_uri == uri for unit in shipment.units):
            raise InvalidInput(_("This unit is already on the shipment."), {"epc": [_("Already on the shipment.")]})
        unit = ShipmentUnit(shipment_id=shipment.id, kind=kind, epc_uri=uri,
                            description=(description or "").strip()[:200])
        db.session.add(unit)
        shipment.version += 1
        db.session.flush()
        db.session.refresh(shipment, ["units"])
        transaction_event = _link_to_deal(enterprise, shipment, uri)
        _audit("shipment.unit_added", user, enterprise, shipment,
               after={"kind": kind, "epc": uri, "epcis_event": transaction_event.event_id})
    return unit


def deal_uri(shipment):
    """The business transaction URI of the shipment's order or contract, as EPCIS events name it."""
    return f"urn:binhai:{shipment.source_type}:{shipment.source_public_id}"


def _link_to_deal(enterprise, shipment, uri):
    """A TransactionEvent tying the unit to the deal (as ``po``) and to the bill of lading when there is one,
    so EPCIS queries and traces find a unit's contract, and a contract's units."""
    from logistics.epcis import services as epcis

    transactions = [{"type": "po", "bizTransaction": deal_uri(shipment)}]
    if shipment.bill_of_lading:
        transactions.append({"type": "bol", "bizTransaction": f"urn:binhai:bol:{shipment.bill_of_lading}"})
    what = {"quantityList": [{"epcClass": uri}]} if uri.startswith("urn:epc:class:") else {"epcList": [uri]}
    stored, _created = epcis.record_event(enterprise.id, {
        "type": "TransactionEvent", "action": "ADD", **epcis.beijing_time(utcnow()), **what,
        "bizTransactionList": transactions}, source="service")
    return stored


# --- events -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recorded:
    """A port event as a post left it: ``new`` is False when the same event was recorded before."""

    event: PortEvent
    new: bool


def record_port_event(user, enterprise, data, public_id=None, source="api"):
    """A carrier reports a DCSA event, about one shipment (``public_id``) or about whichever of its shipments
    the event names (booking, bill of lading, container, or vessel and voyage).

    :return: ``[Recorded]``; an event posted again gives the stored one, changing nothing.
    :raise InvalidInput: naming every wrong field (nothing stored); NotFound when it concerns no shipment of ours.
    """
    try:
        event = dcsa.parse(data)
    except dcsa.InvalidPortEvent as invalid:
        raise InvalidInput(_("The event was not recorded; correct the marked fields."),
                           {field: [translated(message)] for field, message in invalid.errors.items()}) from None
    with transaction():
        if public_id is not None:
            ids = [shipment_for(enterprise, public_id).id]
        else:
            ids = _named_by(enterprise, event)
        if not ids:
            raise NotFound(_("None of your shipments is named by this event (booking, bill of lading, container "
                             "or vessel and voyage)."))
        recorded = []
        for shipment_id in ids:
            shipment = locked(shipment_id)
            if shipment.carrier_enterprise_id != enterprise.id:
                raise Forbidden(_("Only the shipment's carrier reports its port events."))
            recorded.append(record_for(shipment, event, source, enterprise, user))
    return recorded


def _named_by(carrier, event):
    """Ids of the carrier's shipments not delivered that ``event`` names."""
    statement = select(Shipment.id).where(Shipment.carrier_enterprise_id == carrier.id,
                                          Shipment.status != ShipmentStatus.DELIVERED)
    if event.booking:
        statement = statement.where(Shipment.public_id == event.booking)
    elif event.transport_document:
        statement = statement.where(Shipment.bill_of_lading == event.transport_document)
    elif event.equipment_reference:
        statement = statement.where(Shipment.id.in_(
            select(ShipmentLeg.shipment_id).join(Container).where(Container.number == event.equipment_reference)))
    elif event.vessel_imo:
        legs = select(ShipmentLeg.shipment_id).join(Vessel).where(Vessel.imo_number == event.vessel_imo)
        statement = statement.where(Shipment.id.in_(legs.where(ShipmentLeg.voyage == event.voyage)
                                                    if event.voyage else legs))
    else:
        return []
    return db.session.scalars(statement.order_by(Shipment.id)).all()


def record_for(shipment, event, source, enterprise, user=None, read_point=None):
    """Store ``event`` for the locked ``shipment`` once (by its dedup key; derived from reads at ``read_point``,
    once per container and read point) and apply its move; :return: Recorded."""
    key = event.dedup_key(shipment.public_id, read_point.public_id if read_point is not None else None)
    existing = db.session.scalar(select(PortEvent).where(PortEvent.dedup_key == key))
    if existing is not None:
        return Recorded(existing, False)
    row = PortEvent(dedup_key=key, event_type=event.event_type, type_code=event.type_code,
                    classifier=event.classifier, event_at=event.event_at,
                    equipment_reference=event.equipment_reference, empty_indicator=event.empty_indicator,
                    vessel_imo=event.vessel_imo, voyage=event.voyage, unlocode=event.unlocode,
                    facility=event.facility, mode=event.mode, shipment_id=shipment.id, source=source,
                    reported_by_enterprise_id=enterprise.id)
    db.session.add(row)
    db.session.flush()
    _audit("shipment.port_event", user, enterprise, shipment,
           after={"port_event": row.public_id, "code": event.type_code, "classifier": event.classifier,
                  "source": source}, actor_fallback=source)
    origin, discharge = route_ends(shipment)
    moves = dcsa.moves_for(event, dcsa.place_of(event.unlocode, origin, discharge))
    advance(shipment, moves, f"port:{event.type_code}", row.public_id, event.event_at, user)
    return Recorded(row, True)


def report_exception(user, carrier, public_id, kind, note=""):
    """The carrier says the goods are delayed, damaged, lost or refused; the shipment is held until cleared."""
    if kind not in tuple(ShipmentException):
        raise InvalidInput(_("Choose what went wrong."), {"kind": [_("Choose delayed, damaged, lost or refused.")]})
    with transaction():
        shipment = _locked_for(carrier, public_id)
        if shipment.carrier_enterprise_id != carrier.id:
            raise Forbidden(_("Only the carrier reports an exception."))
        if not lifecycle.may_report(shipment.status, shipment.exception):
            raise InvalidInput(_("An exception can be reported on a shipment not delivered and not already held."))
        shipment.exception = kind
        _history(shipment, shipment.status, f"exception:{kind}", "", utcnow(), user, note)
        _audit("shipment.exception_reported", user, carrier, shipment, after={"exception": kind, "note": note})
    return shipment


def clear_exception(user, carrier, public_id, note=""):
    """The carrier lifts the hold; events that arrive from now on move the shipment again."""
    with transaction():
        shipment = _locked_for(carrier, public_id)
        if shipment.carrier_enterprise_id != carrier.id:
            raise Forbidden(_("Only the carrier clears an exception."))
        if not lifecycle.may_clear(shipment.status, shipment.exception):
            raise InvalidInput(_("Nothing holds this shipment."))
        kind, shipment.exception = shipment.exception, None
        _history(shipment, shipment.status, f"cleared:{kind}", "", utcnow(), user, note)
        _audit("shipment.exception_cleared", user, carrier, shipment, before={"exception": kind})
    return shipment


def confirm_delivery(user, buyer, public_id, note=""):
    """The buyer says the goods arrived; :raise InvalidInput: when delivered already or held by an exception."""
    with transaction():
        shipment = _locked_for(buyer, public_id)
        if shipment.buyer_enterprise_id != buyer.id:
            raise Forbidden(_("Only the buyer confirms that the goods arrived."))
        why = lifecycle.why_not(shipment.status, shipment.exception, Move.DELIVER)
        if why == lifecycle.Why.FINAL:
            raise InvalidInput(_("This shipment is delivered already."))
        if why is not None:
            raise InvalidInput(_("This shipment is held by an exception; the carrier clears it first."))
        deliver(shipment, "buyer", buyer.public_id, utcnow(), user, note)
    return shipment


def deliver(shipment, via, reference, occurred_at, user=None, note=""):
    """Mark the locked ``shipment`` delivered, once; :return: True when this call delivered it."""
    return advance(shipment, (Move.DELIVER,), "buyer" if via == "buyer" else "rfid", reference, occurred_at,
                    user, note, via=via)


def advance(shipment, moves, cause, reference, occurred_at, user=None, note="", via="rfid"):
    """Apply the first of ``moves`` that changes the locked shipment's status; :return: whether one did."""
    found = lifecycle.first_move(shipment.status, shipment.exception, moves)
    if found is None:
        return False
    move, target = found
    before = shipment.status
    shipment.status = target
    shipment.version += 1
    _history(shipment, before, cause, reference, occurred_at, user, note)
    _audit(f"shipment.{target}", user, None, shipment, before={"status": before},
           after={"status": target, "cause": cause, "reference": reference}, actor_fallback=cause)
    payload = {"shipment": shipment.public_id, "source_type": shipment.source_type,
               "source_public_id": shipment.source_public_id, "seller": shipment.seller.public_id,
               "buyer": shipment.buyer.public_id}
    if before == ShipmentStatus.BOOKED and target != ShipmentStatus.DELIVERED:
        emit("shipment.picked_up", "shipment", shipment.public_id, shipment.version, payload | {"reference": reference})
    if move == Move.DELIVER:
        shipment.delivered_at = occurred_at
        shipment.exception = None
        emit("shipment.delivered", "shipment", shipment.public_id, shipment.version,
             payload | {"quantity": str(shipment.quantity), "unit": shipment.unit, "via": via,
                        "reference": reference})
    return True


def _history(shipment, from_status, cause, reference, occurred_at, user, note=""):
    db.session.add(ShipmentStatusChange(shipment_id=shipment.id, from_status=from_status, to_status=shipment.status,
                                        cause=cause[:40], reference=(reference or "")[:200], note=note or "",
                                        changed_by_id=_user_id(user), occurred_at=occurred_at))
    db.session.flush()


# --- locking and checks ---------------------------------------------------------------------------

def locked(shipment_id):
    """The shipment row, locked for the rest of the transaction and read afresh."""
    return db.session.scalar(lock_for_update(select(Shipment).where(Shipment.id == shipment_id))
                             .execution_options(populate_existing=True))


def _locked_for(enterprise, public_id):
    return locked(shipment_for(enterprise, public_id).id)


def _check_open(shipment):
    if shipment.status == ShipmentStatus.DELIVERED:
        raise InvalidInput(_("This shipment is delivered already."))


def _check_describer(shipment, enterprise):
    if enterprise.id not in (shipment.seller_enterprise_id, shipment.carrier_enterprise_id):
        raise Forbidden(_("Only the seller or the carrier describes the route and what travels."))
    _check_open(shipment)


def _user_id(user):
    return user.id if user is not None else None


def _audit(action, user, enterprise, shipment, before=None, after=None, actor_fallback="system"):
    record(action, actor=user.public_id if user is not None else actor_fallback,
           enterprise=enterprise.public_id if enterprise is not None else shipment.seller.public_id,
           target=shipment.public_id, before=before, after=after)
