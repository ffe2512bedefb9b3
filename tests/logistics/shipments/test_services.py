"""Shipments as their parties use them: booked from a deal, moved only by events, delivered once."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from logistics.shipments import progress, services
from logistics.shipments.models import Container, PortEvent, Shipment, ShipmentLeg, ShipmentStatusChange, Vessel
from marketplace.audit.models import AuditRecord
from marketplace.database import transaction, utcnow
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of
from tests.logistics.shipments.conftest import CASE, CONTAINER, IMO, PALLET, read_point, sighting


def port_event(code="LOAD", **changes):
    event = {"eventType": "EQUIPMENT", "equipmentEventTypeCode": code, "eventClassifierCode": "ACT",
             "eventDateTime": "2026-11-20T08:30:00+08:00", "equipmentReference": CONTAINER,
             "emptyIndicatorCode": "LADEN", "eventLocation": {"UNLocationCode": "CNTXG"},
             "transportCall": {"modeOfTransport": "VESSEL", "carrierVoyageNumber": "2611E",
                               "vessel": {"vesselIMONumber": IMO}}}
    return event | changes


def topics():
    return db.session.scalars(select(OutboxEvent.topic).order_by(OutboxEvent.id)).all()


def test_booking_copies_the_deal(shipment, contract, buyer, seller, carrier):
    assert (shipment.buyer_enterprise_id, shipment.seller_enterprise_id, shipment.carrier_enterprise_id) == (
        buyer.id, seller.id, carrier.id)
    assert (shipment.quantity, shipment.unit, shipment.title) == (Decimal(100), contract.unit, contract.title_zh)
    assert shipment.status == "booked"
    assert [leg.container.number for leg in shipment.legs] == [CONTAINER]
    assert db.session.scalar(select(func.count()).select_from(AuditRecord)
                             .where(AuditRecord.target == shipment.public_id)) >= 4


def test_only_the_seller_books_and_strangers_find_nothing(contract, buyer, world):
    with pytest.raises(Forbidden):
        services.book(owner_of(buyer), buyer, "contract", contract.public_id)
    stranger = world.enterprise()
    with pytest.raises(NotFound):
        services.book(owner_of(stranger), stranger, "contract", contract.public_id)


def test_the_carrier_must_be_a_verified_logistics_firm(shipment, seller, world):
    for enterprise in (world.enterprise(kinds=("supplier",)), world.enterprise(kinds=("logistics",), verified=False)):
        with pytest.raises(InvalidInput) as refused:
            services.assign_carrier(owner_of(seller), seller, shipment.public_id, enterprise.public_id)
        assert "carrier" in refused.value.errors


def test_wrong_check_digits_are_refused_with_nothing_changed(shipment, carrier):
    legs, containers, vessels = (db.session.scalar(select(func.count()).select_from(model))
                                 for model in (ShipmentLeg, Container, Vessel))
    with pytest.raises(InvalidInput) as refused:
        services.add_leg(owner_of(carrier), carrier, shipment.public_id, "sea", "Singapore", "Rotterdam",
                         "SGSIN", "NL RTM", vessel_imo="9074728", container="CSQU3054384")
    assert set(refused.value.errors) == {"vessel_imo", "container"}
    with pytest.raises(InvalidInput) as refused:
        services.record_port_event(owner_of(carrier), carrier, port_event(equipmentReference="CSQU3054384"),
                                   shipment.public_id)
    assert set(refused.value.errors) == {"equipmentReference"}
    assert (legs, containers, vessels) == tuple(db.session.scalar(select(func.count()).select_from(model))
                                                for model in (ShipmentLeg, Container, Vessel))
    assert db.session.scalar(select(func.count()).select_from(PortEvent)) == 0


def test_units_are_validated_epcs(shipment, seller):
    with pytest.raises(InvalidInput) as refused:
        services.add_unit(owner_of(seller), seller, shipment.public_id, "item", PALLET)
    assert "epc" in refused.value.errors
    lot = services.add_unit(owner_of(seller), seller, shipment.public_id, "lot",
                            "urn:epc:class:lgtin:6901234.056789.LOT-A")
    assert lot.epc_uri.endswith("LOT-A")


def test_unit_and_port_event_errors_are_translated_for_the_reader(app, shipment, seller, carrier, catalogue):
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        with pytest.raises(InvalidInput) as unit:
            services.add_unit(owner_of(seller), seller, shipment.public_id, "item", PALLET)
        with pytest.raises(InvalidInput) as event:
            services.record_port_event(owner_of(carrier), carrier, port_event("GTOT", eventDateTime="soon"),
                                       shipment.public_id)
    assert unit.value.errors == {"epc": ["译:a unit of kind item is identified by SGTIN, not SSCC"]}
    assert event.value.errors["eventDateTime"] == ["译:'soon' is not an ISO 8601 date and time"]


def test_port_events_move_the_status_and_a_repeat_changes_nothing(shipment, carrier):
    (first,) = services.record_port_event(owner_of(carrier), carrier, port_event("GTOT"), shipment.public_id)
    assert first.new and db.session.get(Shipment, shipment.id).status == "picked_up"
    assert topics().count("shipment.picked_up") == 1
    services.record_port_event(owner_of(carrier), carrier, port_event("LOAD", eventDateTime="2026-11-20T10:00:00Z"))
    assert db.session.get(Shipment, shipment.id).status == "in_transit"
    changes = db.session.scalar(select(func.count()).select_from(ShipmentStatusChange))
    (again,) = services.record_port_event(owner_of(carrier), carrier, port_event("GTOT"), shipment.public_id)
    assert (again.event.public_id, again.new) == (first.event.public_id, False)
    assert db.session.scalar(select(func.count()).select_from(ShipmentStatusChange)) == changes
    arrival = {"eventType": "TRANSPORT", "transportEventTypeCode": "ARRI", "eventDateTime": "2026-11-27T06:00:00Z",
               "transportCall": {"UNLocationCode": "SGSIN", "carrierVoyageNumber": "2611E",
                                 "vessel": {"vesselIMONumber": IMO}}}
    services.record_port_event(owner_of(carrier), carrier, arrival)
    shipment = db.session.get(Shipment, shipment.id)
    assert shipment.status == "at_port"
    assert [change.cause for change in shipment.changes] == ["booked", "port:GTOT", "port:LOAD", "port:ARRI"]


def test_only_the_carrier_posts_port_events(shipment, seller):
    with pytest.raises(Forbidden):
        services.record_port_event(owner_of(seller), seller, port_event(), shipment.public_id)


def test_an_exception_holds_the_shipment_until_cleared(shipment, carrier):
    services.report_exception(owner_of(carrier), carrier, shipment.public_id, "damaged", "forklift")
    services.record_port_event(owner_of(carrier), carrier, port_event("LOAD"), shipment.public_id)
    assert db.session.get(Shipment, shipment.id).status == "booked"
    services.clear_exception(owner_of(carrier), carrier, shipment.public_id)
    services.record_port_event(owner_of(carrier), carrier, port_event("LOAD", eventDateTime="2026-11-21T08:00:00Z"),
                               shipment.public_id)
    shipment = db.session.get(Shipment, shipment.id)
    assert (shipment.status, shipment.exception) == ("in_transit", None)
    assert [c.cause for c in shipment.changes][1:] == ["exception:damaged", "cleared:damaged", "port:LOAD"]


def test_the_buyer_confirms_delivery_once(shipment, buyer, seller):
    with pytest.raises(Forbidden):
        services.confirm_delivery(owner_of(seller), seller, shipment.public_id)
    services.confirm_delivery(owner_of(buyer), buyer, shipment.public_id)
    with pytest.raises(InvalidInput):
        services.confirm_delivery(owner_of(buyer), buyer, shipment.public_id)
    assert topics().count("shipment.delivered") == 1
    delivered = db.session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "shipment.delivered"))
    assert delivered.payload["via"] == "buyer" and delivered.payload["buyer"] == buyer.public_id


def test_a_read_at_the_buyers_dock_delivers_once(shipment, buyer):
    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    for _ in range(2):
        seen = sighting(dock)
        with transaction():
            progress.on_sighting(seen, dock, None)
    shipment = db.session.get(Shipment, shipment.id)
    assert shipment.status == "delivered" and shipment.delivered_at is not None
    assert topics().count("shipment.delivered") == 1


def test_a_read_at_a_quay_crane_records_the_load_once(shipment, seller, carrier):
    services.add_unit(owner_of(seller), seller, shipment.public_id, "case", CASE)
    crane = read_point(carrier, "Quay crane 3", "loading", port_event="LOAD", unlocode="CNTXG")
    for epc, seconds in ((PALLET, 0), (CASE, 7), (PALLET, 0)):
        seen = sighting(crane, epc, when=utcnow() - timedelta(minutes=1) + timedelta(seconds=seconds))
        with transaction():
            progress.on_sighting(seen, crane, None)
    events = db.session.scalars(select(PortEvent)).all()
    assert [(e.type_code, e.equipment_reference, e.source) for e in events] == [("LOAD", CONTAINER, "read")]
    assert db.session.get(Shipment, shipment.id).status == "in_transit"


def test_a_read_of_something_else_moves_nothing(shipment, buyer):
    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    with transaction():
        progress.on_sighting(sighting(dock, epc="urn:epc:id:sscc:6901234.0000000024"), dock, None)
    assert db.session.get(Shipment, shipment.id).status == "booked"


def epcis_event(step, read_point_id, epc=PALLET, when="2026-11-20T08:00:00+08:00"):
    return {"type": "ObjectEvent", "action": "OBSERVE", "eventTime": when, "eventTimeZoneOffset": "+08:00",
            "epcList": [epc], "bizStep": step, "readPoint": {"id": read_point_id}}


def test_epcis_events_naming_a_unit_move_it_and_receiving_at_the_dock_delivers(shipment, buyer, carrier):
    from logistics.epcis.services import record_event

    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    yard = read_point(carrier, "Yard gate")
    with transaction():
        record_event(carrier.id, epcis_event("shipping", yard.sgln), source="service")
    assert db.session.get(Shipment, shipment.id).status == "picked_up"
    with transaction():
        record_event(carrier.id, epcis_event("receiving", yard.sgln, when="2026-11-21T08:00:00+08:00"),
                     source="service")
    assert db.session.get(Shipment, shipment.id).status == "at_port"
    with transaction():
        record_event(buyer.id, epcis_event("receiving", dock.sgln, when="2026-11-28T08:00:00+08:00"),
                     source="service")
    shipment = db.session.get(Shipment, shipment.id)
    assert shipment.status == "delivered"
    assert [c.cause for c in shipment.changes] == ["booked", "epcis:shipping", "epcis:receiving", "rfid"]


def test_a_stranger_naming_the_units_and_the_buyers_dock_moves_nothing(shipment, buyer, world):
    from logistics.epcis.services import record_event

    dock = read_point(buyer)
    services.set_destination(owner_of(buyer), buyer, shipment.public_id, dock.public_id)
    stranger = world.enterprise(kinds=("logistics",))
    with transaction():
        record_event(stranger.id, epcis_event("shipping", dock.sgln), source="capture")
        record_event(stranger.id, epcis_event("receiving", dock.sgln, when="2026-11-28T08:00:00+08:00"),
                     source="capture")
    gate = read_point(stranger, "Someone else's gate", "loading", port_event="GTOT", unlocode="CNTXG")
    with transaction():
        progress.on_sighting(sighting(gate), gate, None)
    assert db.session.get(Shipment, shipment.id).status == "booked"
    assert db.session.scalar(select(func.count(PortEvent.id))) == 0 and "shipment.delivered" not in topics()


def test_an_order_is_booked_with_its_lines_quantity(seller, buyer, rebar):
    from tests.settlement.fixtures import order_awaiting_payment

    order = order_awaiting_payment(buyer, seller, rebar, "50")
    shipment = services.book(owner_of(seller), seller, "order", order.public_id)
    assert (shipment.source_type, shipment.buyer_enterprise_id, shipment.quantity) == ("order", buyer.id, Decimal(50))
    assert shipment.unit == order.lines[0].unit and shipment.title == order.lines[0].description


def test_a_delayed_shipment_can_still_be_delivered_and_the_delay_ends(shipment, carrier, buyer):
    services.report_exception(owner_of(carrier), carrier, shipment.public_id, "delayed")
    services.confirm_delivery(owner_of(buyer), buyer, shipment.public_id)
    shipment = db.session.get(Shipment, shipment.id)
    assert (shipment.status, shipment.exception) == ("delivered", None)


def test_a_lost_shipment_is_not_confirmed_until_cleared(shipment, carrier, buyer):
    services.report_exception(owner_of(carrier), carrier, shipment.public_id, "lost")
    with pytest.raises(InvalidInput):
        services.confirm_delivery(owner_of(buyer), buyer, shipment.public_id)
    assert db.session.get(Shipment, shipment.id).status == "booked"
