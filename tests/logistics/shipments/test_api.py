"""The shipments API as seller, carrier and buyer: booking, route, DCSA port events, delivery, strangers."""
from sqlalchemy import func, select

from logistics.shipments.models import PortEvent, ShipmentLeg
from marketplace.extensions import db
from tests.builders import owner_of
from tests.logistics.shipments.conftest import CONTAINER, IMO, PALLET, read_point
from tests.logistics.shipments.test_services import port_event

SCOPES = ("logistics:read", "logistics:write")


def bearer(world, enterprise):
    return {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, SCOPES)}"}


def test_book_describe_follow_and_deliver(client, world, contract, seller, buyer, carrier):
    as_seller, as_carrier, as_buyer = (bearer(world, e) for e in (seller, carrier, buyer))
    booked = client.post("/api/v1/shipments", headers=as_seller, json={
        "source_type": "contract", "source_id": contract.public_id, "carrier": carrier.public_id,
        "origin": "天津港", "destination": "Singapore", "bill_of_lading": "COSU6182736450"})
    assert booked.status_code == 201, booked.json
    shipment = booked.json["id"]
    assert (booked.json["status"], booked.json["quantity"], booked.json["buyer"]["id"]) == (
        "booked", "100", buyer.public_id)

    leg = client.post(f"/api/v1/shipments/{shipment}/legs", headers=as_carrier, json={
        "mode": "sea", "from_place": "Tianjin", "from_locode": "CNTXG", "to_place": "Singapore",
        "to_locode": "SGSIN", "voyage": "2611E", "container": CONTAINER})
    assert leg.status_code == 201, leg.json
    vessel = client.put(f"/api/v1/shipments/{shipment}/legs/1/vessel", headers=as_carrier,
                        json={"vessel_imo": IMO, "vessel_name": "COSCO Tianjin"})
    assert vessel.json["vessel"] == {"imo": IMO, "name": "COSCO Tianjin"}
    unit = client.post(f"/api/v1/shipments/{shipment}/units", headers=as_seller,
                       json={"kind": "pallet", "epc": PALLET, "description": "30 cases of rice"})
    assert unit.status_code == 201 and unit.json["epc"] == PALLET

    gate_out = client.post(f"/api/v1/shipments/{shipment}/port-events", headers=as_carrier,
                           json=port_event("GTOT"))
    assert gate_out.status_code == 201 and gate_out.json["new"] is True
    again = client.post(f"/api/v1/shipments/{shipment}/port-events", headers=as_carrier, json=port_event("GTOT"))
    assert again.json["id"] == gate_out.json["id"] and again.json["new"] is False
    by_bill = client.post("/api/v1/port-events", headers=as_carrier, json=port_event(
        "LOAD", eventDateTime="2026-11-20T12:00:00+08:00",
        documentReferences=[{"documentReferenceType": "TRD", "documentReferenceValue": "COSU6182736450"}]))
    assert by_bill.status_code == 201 and [e["shipment"] for e in by_bill.json] == [shipment]

    seen = client.get(f"/api/v1/shipments/{shipment}", headers=as_buyer).json
    assert seen["status"] == "in_transit"
    # the pallet's TransactionEvent (tying it to the contract and the bill of lading), two port events, three moves
    assert sorted(m["kind"] for m in seen["timeline"]) == ["epcis", "port_event", "port_event", "status", "status",
                                                           "status"]
    assert [m["what"]["cause"] for m in seen["timeline"] if m["kind"] == "status"] == [
        "port:GTOT", "port:LOAD", "booked"]  # by when each happened: the events were reported after the fact
    assert seen["containers"] == [{"number": CONTAINER, "size_type": "22G1", "epc_uri": None}]

    assert client.post(f"/api/v1/shipments/{shipment}/delivery", headers=as_seller, json={}).status_code == 403
    delivered = client.post(f"/api/v1/shipments/{shipment}/delivery", headers=as_buyer, json={})
    assert delivered.status_code == 200 and delivered.json["status"] == "delivered"
    assert client.post(f"/api/v1/shipments/{shipment}/delivery", headers=as_buyer, json={}).status_code == 422
    listed = client.get("/api/v1/shipments?side=carrying", headers=as_carrier).json["items"]
    assert [s["id"] for s in listed] == [shipment]


def test_a_wrong_check_digit_is_a_422_naming_the_field_and_nothing_is_stored(client, world, shipment, carrier):
    as_carrier = bearer(world, carrier)
    bad_container = client.post(f"/api/v1/shipments/{shipment.public_id}/port-events", headers=as_carrier,
                                json=port_event(equipmentReference="CSQU3054384"))
    assert bad_container.status_code == 422
    assert bad_container.headers["Content-Type"].startswith("application/problem+json")
    assert list(bad_container.json["errors"]) == ["equipmentReference"]
    bad_imo = client.post("/api/v1/port-events", headers=as_carrier, json=port_event(
        transportCall={"vessel": {"vesselIMONumber": "9074728"}}))
    assert list(bad_imo.json["errors"]) == ["transportCall.vessel.vesselIMONumber"]
    bad_leg = client.post(f"/api/v1/shipments/{shipment.public_id}/legs", headers=as_carrier, json={
        "mode": "sea", "from_place": "Singapore", "to_place": "Rotterdam", "vessel_imo": "9074728"})
    assert bad_leg.status_code == 422 and list(bad_leg.json["errors"]) == ["vessel_imo"]
    assert db.session.scalar(select(func.count()).select_from(PortEvent)) == 0
    assert db.session.scalar(select(func.count()).select_from(ShipmentLeg)) == 1


def test_exceptions_held_and_cleared(client, world, shipment, carrier):
    as_carrier = bearer(world, carrier)
    held = client.put(f"/api/v1/shipments/{shipment.public_id}/exception", headers=as_carrier,
                      json={"kind": "delayed", "note": "typhoon"})
    assert held.status_code == 200 and held.json["exception"] == "delayed"
    cleared = client.delete(f"/api/v1/shipments/{shipment.public_id}/exception", headers=as_carrier, json={})
    assert cleared.status_code == 200 and cleared.json["exception"] is None


def test_a_stranger_finds_nothing(client, world, shipment, buyer):
    stranger = world.enterprise(kinds=("logistics",))
    as_stranger = bearer(world, stranger)
    assert client.get(f"/api/v1/shipments/{shipment.public_id}", headers=as_stranger).status_code == 404
    assert client.post(f"/api/v1/shipments/{shipment.public_id}/port-events", headers=as_stranger,
                       json=port_event()).status_code == 404
    assert client.post("/api/v1/port-events", headers=as_stranger, json=port_event()).status_code == 404
    assert client.get("/api/v1/shipments", headers=as_stranger).json["items"] == []


def test_the_buyer_names_its_dock(client, world, shipment, buyer):
    dock = read_point(buyer)
    named = client.put(f"/api/v1/shipments/{shipment.public_id}/destination", headers=bearer(world, buyer),
                       json={"read_point": dock.public_id})
    assert named.status_code == 200 and named.json["destination_read_point"] == dock.public_id
