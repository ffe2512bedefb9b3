"""Traces of an item, pallet, container or lot: the stored events read into a genealogy, with the
shipments, vessels and parties around it, and what of it each reader may see.

Parties of the shipments it travels in, the enterprises that recorded its events or hold its company
prefix, and oversight see everything; anyone else sees only public facts (product, lot, origin farm,
key dates, the cities on its route), never prices or private party details.
"""
from collections import deque
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from logistics.readers.models import ReadPoint
from logistics.shipments.models import Container, PortEvent, Shipment, ShipmentLeg, ShipmentUnit, Vessel
from logistics.tagging import keys
from logistics.tagging import services as tagging
from logistics.tagging.models import CompanyPrefix
from logistics.tracing.genealogy import Genealogy, TraceEvent
from marketplace.accounts.models import Enterprise
from marketplace.errors import NotFound
from marketplace.extensions import db

# The most events one trace reads; a trace of a busy container stops widening there.
MOST_EVENTS = 5000
_LINKING_ROLES = ("parent", "child", "input", "output")

# Key dates a consumer reads, by business step; the first event of each counts.
KEY_STEPS = {
    "creating_class_instance": _l("Processed"),
    "commissioning": _l("Tagged"),
    "packing": _l("Packed"),
    "loading": _l("Loaded"),
    "shipping": _l("Shipped"),
    "departing": _l("Departed"),
    "arriving": _l("Arrived"),
    "unloading": _l("Unloaded"),
    "receiving": _l("Received"),
}


@dataclass(frozen=True)
class Origin:
    """A lot in the genealogy and what its commissioning says about where it comes from."""

    lot: keys.Identifier
    product: str
    farm: str
    origin: str
    recorded_at: object
    quantity: str


@dataclass(frozen=True)
class VesselCall:
    """A vessel that carried a container the traced thing was in (from a shipment leg or a port event)."""

    vessel_imo: str
    vessel_name: str
    voyage: str
    container: str
    from_place: str
    to_place: str


@dataclass
class Trace:
    identifier: keys.Identifier
    genealogy: Genealogy
    stored: dict  # event id -> EpcisEvent
    backward: list
    forward: list
    vessels: list
    shipments: list
    origins: list
    read_points: dict  # SGLN -> ReadPoint
    parties: set = field(default_factory=set)  # enterprise ids that see everything

    @property
    def timeline(self):
        return self.genealogy.timeline(self.identifier.uri)

    @property
    def route(self):
        return self.genealogy.route(self.identifier.uri)

    @property
    def one_up_one_down(self):
        return self.genealogy.one_up_one_down(self.identifier.uri)

    @property
    def product(self):
        ilmd = self._ilmd_of(self.identifier.uri)
        return ilmd.get("binhai:product") or next((o.product for o in self.origins if o.product), "")

    @property
    def lot(self):
        ilmd = self._ilmd_of(self.identifier.uri)
        return self.identifier.lot or ilmd.get("cbvmda:lotNumber", "")

    def _ilmd_of(self, uri):
        for event in self.genealogy.events:
            if event.biz_step == "commissioning" and event.action == "ADD" and uri in event.epcs:
                return self.stored[event.id].document.get("ilmd") or {}
        return {}

    @property
    def key_dates(self):
        """``[(label, time)]``: when its lots were recorded and processed, and it was tagged, packed, shipped…"""
        firsts = {}
        for origin in self.origins:
            firsts.setdefault("harvest", (_l("Lot recorded"), origin.recorded_at))
        linking = {reached.event_id for reached in self.backward if reached.event_id}
        events = [self.genealogy_event(i) for i in linking] + [a.event for a in self.timeline]
        for event in sorted(events, key=lambda e: e.event_time):
            if event.biz_step in KEY_STEPS:
                firsts.setdefault(event.biz_step, (KEY_STEPS[event.biz_step], event.event_time))
        return sorted(firsts.values(), key=lambda pair: pair[1])

    def genealogy_event(self, event_id):
        return next(event for event in self.genealogy.events if event.id == event_id)

    @property
    def cities(self):
        """The public names of the places on its route (facility or UN/LOCODE of known read points)."""
        names = []
        for stop in self.route:
            point = self.read_points.get(stop.read_point) or self.read_points.get(stop.biz_location)
            name = point and (point.facility or point.unlocode)
            if name and (not names or names[-1] != name):
                names.append(name)
        return names

    def place_name(self, uri):
        point = self.read_points.get(uri)
        return point.name if point else uri

    def sees_everything(self, enterprises=(), oversight=False):
        return oversight or any(enterprise.id in self.parties for enterprise in enterprises)

    def shipments_seen_by(self, enterprises=(), oversight=False):
        """The shipments it travelled in that these enterprises sell, buy or carry (all for oversight): a
        party to the trace, e.g. the farm's seller, does not learn who bought it in a later deal."""
        if oversight:
            return list(self.shipments)
        ids = {enterprise.id for enterprise in enterprises}
        return [shipment for shipment in self.shipments if ids & {
            shipment.seller_enterprise_id, shipment.buyer_enterprise_id, shipment.carrier_enterprise_id}]


def _trace_event(row):
    """The tracing view of a stored event (see ``genealogy.TraceEvent``)."""
    document = row.document
    classes = lambda key: tuple(q["epcClass"] for q in document.get(key) or ())  # noqa: E731
    epcs = tuple(document.get("epcList") or ()) + classes("quantityList")
    lot = None
    lot_number = (document.get("ilmd") or {}).get("cbvmda:lotNumber")
    items = [epc for epc in document.get("epcList") or () if epc.startswith("urn:epc:id:sgtin:")]
    if row.type == "ObjectEvent" and row.action == "ADD" and lot_number and items:
        lots = {keys.lot_of_item(item, lot_number) for item in items}
        lot = lots.pop() if len(lots) == 1 else None
    return TraceEvent(
        id=row.id, type=row.type, event_time=row.event_time, action=row.action, epcs=epcs,
        parent=document.get("parentID"), children=tuple(document.get("childEPCs") or ()) + classes("childQuantityList"),
        inputs=tuple(document.get("inputEPCList") or ()) + classes("inputQuantityList"),
        outputs=tuple(document.get("outputEPCList") or ()) + classes("outputQuantityList"),
        lot=lot, biz_step=row.biz_step, disposition=row.disposition, read_point=row.read_point,
        biz_location=row.biz_location,
        sources=tuple((s.get("type"), s["source"]) for s in document.get("sourceList") or ()),
        destinations=tuple((d.get("type"), d["destination"]) for d in document.get("destinationList") or ()),
    )


def _items_of_lot(lot_uri):
    """SGTINs of the lot's GTIN (their commissioning tells whether they are of this lot)."""
    company_prefix, reference, _lot = lot_uri[len(keys.LGTIN_URI):].split(".", 2)
    return select(EpcisEventIdentifier.event_id).where(
        EpcisEventIdentifier.value.like(f"urn:epc:id:sgtin:{company_prefix}.{reference}.%"),
        EpcisEventIdentifier.role == "epc")


def _gather(start):
    """Every stored event that can matter to a trace of ``start``: those naming it, and, through
    packing, processing and lot commissioning, those naming what it is linked to; at most MOST_EVENTS."""
    stored, seen, frontier = {}, {start}, deque([start])
    while frontier and len(stored) < MOST_EVENTS:
        batch = [frontier.popleft() for _ in range(min(len(frontier), 200))]
        named = select(EpcisEventIdentifier.event_id).where(EpcisEventIdentifier.value.in_(batch))
        condition = EpcisEvent.id.in_(named)
        lots = [uri for uri in batch if uri.startswith(keys.LGTIN_URI)]
        for lot in lots:
            condition = or_(condition, EpcisEvent.id.in_(_items_of_lot(lot)) & (EpcisEvent.biz_step == "commissioning"))
        rows = db.session.scalars(select(EpcisEvent).where(condition, EpcisEvent.declares_error.is_(False),
                                                           EpcisEvent.id.notin_(list(stored) or [0]))
                                  .order_by(EpcisEvent.event_time, EpcisEvent.id).limit(MOST_EVENTS)).all()
        for row in rows:
            event = _trace_event(row)
            if not set(event.roles()) & set(batch) and event.lot not in lots:
                continue  # an item of the same GTIN commissioned into another lot
            stored[row.id] = row
            linked = [event.parent, *event.children, *event.inputs, *event.outputs, event.lot]
            if event.lot:
                linked += event.epcs
            for uri in linked:
                if uri and uri not in seen:
                    seen.add(uri)
                    frontier.append(uri)
    return stored


def _container_numbers(uris):
    numbers = {uri[len(keys.CONTAINER_URI):] for uri in uris if uri.startswith(keys.CONTAINER_URI)}
    tagged = [uri for uri in uris if uri.startswith("urn:epc:id:grai:") or uri.startswith("urn:epc:id:sscc:")]
    if tagged:
        numbers |= set(db.session.scalars(select(Container.number).where(Container.epc_uri.in_(tagged))))
    return numbers


def _vessels(container_numbers):
    calls = []
    if not container_numbers:
        return calls
    legs = db.session.scalars(select(ShipmentLeg).join(Container, ShipmentLeg.container_id == Container.id)
                              .where(Container.number.in_(container_numbers), ShipmentLeg.vessel_id.is_not(None))
                              .order_by(ShipmentLeg.planned_departure, ShipmentLeg.id)).all()
    for leg in legs:
        call = VesselCall(leg.vessel.imo_number, leg.vessel.name, leg.voyage, leg.container.number,
                          leg.from_place, leg.to_place)
        if call not in calls:
            calls.append(call)
    known = {call.vessel_imo for call in calls}
    events = db.session.scalars(select(PortEvent).where(PortEvent.equipment_reference.in_(container_numbers),
                                                        PortEvent.vessel_imo.is_not(None))
                                .order_by(PortEvent.event_at)).all()
    for event in events:
        if event.vessel_imo not in known:
            known.add(event.vessel_imo)
            vessel = db.session.scalar(select(Vessel).where(Vessel.imo_number == event.vessel_imo))
            calls.append(VesselCall(event.vessel_imo, vessel.name if vessel else "", event.voyage,
                                    event.equipment_reference, event.unlocode or "", ""))
    return calls


def _shipments(uris, container_numbers):
    by_unit = select(ShipmentUnit.shipment_id).where(ShipmentUnit.epc_uri.in_(uris))
    by_container = select(ShipmentLeg.shipment_id).join(Container, ShipmentLeg.container_id == Container.id).where(
        Container.number.in_(container_numbers or [""]))
    return db.session.scalars(select(Shipment).where(Shipment.id.in_(by_unit.union(by_container)))
                              .order_by(Shipment.id)).all()


def _origins(stored, genealogy, lots):
    origins = []
    for lot in lots:
        for event in genealogy.events:
            if event.type == "ObjectEvent" and event.action == "ADD" and lot in event.epcs:
                document = stored[event.id].document
                ilmd = document.get("ilmd") or {}
                amount = next((q for q in document.get("quantityList") or () if q["epcClass"] == lot), {})
                origins.append(Origin(keys.parse_lgtin(lot), ilmd.get("binhai:product", ""),
                                      ilmd.get("binhai:farm", ""), ilmd.get("binhai:origin", ""), event.event_time,
                                      f"{amount.get('quantity', '')} {amount.get('uom', '')}".strip()))
                break
    return origins


def _prefix_holders(uris):
    holders = set()
    for uri in uris:
        body = uri.split(":")[-1].split(".")[0]
        if body.isdigit():
            holders |= set(db.session.scalars(select(CompanyPrefix.enterprise_id)
                                              .where(CompanyPrefix.prefix == body)))
    return holders


def trace(text):
    """The trace of whatever ``text`` names. :raise InvalidInput: for a malformed identifier;
    :raise NotFound: when no event names it."""
    identifier = tagging.resolve(tagging.identify(text))
    stored = _gather(identifier.uri)
    if not stored:
        raise NotFound(_("Nothing has been recorded about %(id)s.", id=identifier.uri))
    genealogy = Genealogy(_trace_event(row) for row in stored.values())
    backward, forward = genealogy.backward(identifier.uri), genealogy.forward(identifier.uri)
    reached = {r.identifier for r in backward} | {r.identifier for r in forward}
    numbers = _container_numbers({r.identifier for r in forward})
    shipments = _shipments(sorted(reached), numbers)
    lots = [r.identifier for r in backward if r.identifier.startswith(keys.LGTIN_URI)]
    places = {e.read_point for e in genealogy.events} | {e.biz_location for e in genealogy.events}
    read_points = {point.sgln: point for point in db.session.scalars(
        select(ReadPoint).where(ReadPoint.sgln.in_([p for p in places if p])))}
    parties = {row.enterprise_id for row in stored.values()} | _prefix_holders([identifier.uri])
    for shipment in shipments:
        parties |= {shipment.seller_enterprise_id, shipment.buyer_enterprise_id, shipment.carrier_enterprise_id}
    parties.discard(None)
    return Trace(identifier, genealogy, stored, backward, forward, _vessels(numbers), shipments,
                 _origins(stored, genealogy, lots), read_points, parties)


def party_enterprise(uri):
    """The enterprise holding the company prefix of a party or location URI (PGLN, SGLN), or None."""
    body = uri.split(":")[-1].split(".")[0]
    if not body.isdigit():
        return None
    return db.session.scalar(select(Enterprise).join(CompanyPrefix, CompanyPrefix.enterprise_id == Enterprise.id)
                             .where(CompanyPrefix.prefix == body))


CSV_COLUMNS = ("time", "event_type", "action", "biz_step", "disposition", "read_point", "location", "identifier",
               "role", "parent", "lot")


def trace_rows(trace):
    """One row per event of the trace (its timeline, and the events that link it to what went into it and
    where it went), oldest first, as regulators export it."""
    rows = {}
    for appearance in trace.timeline:
        rows[(appearance.event.id, appearance.named)] = (appearance.event, appearance.named, appearance.role)
    for reached in trace.backward + trace.forward:
        if reached.event_id is not None:
            event = trace.genealogy_event(reached.event_id)
            rows.setdefault((event.id, reached.identifier),
                            (event, reached.identifier, event.roles().get(reached.identifier, "")))
    ordered = sorted(rows.values(), key=lambda row: (row[0].event_time, row[0].id))
    return [{"time": event.event_time.isoformat(), "event_type": event.type, "action": event.action or "",
             "biz_step": event.biz_step or "", "disposition": event.disposition or "",
             "read_point": event.read_point or "", "location": event.biz_location or "", "identifier": named,
             "role": role, "parent": event.parent or "",
             "lot": event.lot or ", ".join(u for u in (*event.inputs, *event.epcs) if u.startswith(keys.LGTIN_URI))}
            for event, named, role in ordered]
