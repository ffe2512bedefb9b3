"""Issue 6 as a new user tries it, through the API and the pages.

A logistics firm registers two readers, tags a pallet of 30 cases of rice from two farm lots, packs it
into a container and posts reads by HTTP and MQTT at gate-out, quay loading, discharge and the buyer's
dock. Buyer and regulator follow the shipment; delivery fires once and settlement follows; a case traces
back to both farms and a lot forward to the pallet, container and vessel. Bad input changes nothing.
"""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from logistics.epcis.models import EpcisEvent
from logistics.identifiers import from_uri, gs1_check_digit, to_hex
from logistics.readers.models import ReadBatch, Sighting
from logistics.shipments.models import PortEvent, Shipment
from marketplace.database import utcnow
from marketplace.escrow.models import Delivery, Escrow
from marketplace.extensions import db
from marketplace.outbox import OutboxEvent
from marketplace.payments.jobs import SettlementJobs
from tests.builders import owner_of
from tests.logistics.readers.test_mqtt import LOCAL_BROKER, eventually, need, publish, reachable, subscriber
from tests.settlement.fixtures import pay_in_full, steel_contract

SELLER_PREFIX, CARRIER_PREFIX = "6901234", "6907654"
CONTAINER, IMO = "CSQU3054383", "9074729"
LOGISTICS = ("logistics:read", "logistics:write")


def _gtin(item_reference):
    body = "0" + SELLER_PREFIX + item_reference
    return body + gs1_check_digit(body)


PADDY, RICE = _gtin("00001"), _gtin("11234")


class Caller:
    """One enterprise's API client."""

    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def __call__(self, method, path, body=None, expect=(200, 201, 202)):
        response = self.client.open(f"/api/v1{path}", method=method, json=body, headers=self.headers)
        if expect is not None:
            assert response.status_code in ((expect,) if isinstance(expect, int) else expect), response.get_json()
        return response


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def _zebra(hexes, antenna, start):
    """Zebra IoT Connector messages: each tag read three times, a second apart."""
    return [{"data": {"idHex": hexed.lower(), "antenna": antenna, "peakRssi": -41, "reads": 1},
             "timestamp": _iso(start + timedelta(seconds=second)).replace("Z", "+0000"), "type": "CUSTOM"}
            for hexed in hexes for second in range(3)]


def _impinj(hexes, antenna, start):
    return [{"timestamp": _iso(start + timedelta(seconds=second)), "eventType": "tagInventory",
             "tagInventoryEvent": {"epcHex": hexed, "antennaPort": antenna, "peakRssiCdbm": -5230,
                                   "lastSeenTime": _iso(start + timedelta(seconds=second))}}
            for hexed in hexes for second in range(3)]


def _reads(client, token, body, format):
    return client.post(f"/api/v1/readers/reads?format={format}", data=json.dumps(body),
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})


def _counts():
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (ReadBatch, Sighting, EpcisEvent, PortEvent, Shipment))


@pytest.fixture
def journey(app, client, world, buyer, seller):
    carrier = world.enterprise(kinds=("logistics",))
    contract = steel_contract(buyer, seller)
    pay_in_full(buyer, contract.public_id)
    calls = {name: Caller(client, world.token(owner_of(enterprise), enterprise,
                                              LOGISTICS + ("settlement:read", "enterprise:read")))
             for name, enterprise in (("seller", seller), ("buyer", buyer), ("carrier", carrier))}
    return carrier, contract, calls


def test_rice_travels_by_rfid_from_two_farms_to_the_buyer_and_settles_once(app, client, world, buyer, seller,
                                                                         journey):
    carrier, contract, call = journey
    seller_api, carrier_api, buyer_api = call["seller"], call["carrier"], call["buyer"]
    db.session.commit()

    # The carrier's read points: gate-out and quay at Tianjin Xingang, discharge at Shanghai, the buyer's dock.
    points = {}
    for key, n, step, disposition, port_event, locode in (
            ("gate", 1, "shipping", "in_transit", "GTOT", "CNTXG"),
            ("quay", 2, "loading", "in_transit", "LOAD", "CNTXG"),
            ("discharge", 3, "unloading", "in_transit", "DISC", "CNSHA"),
            ("dock", 4, "receiving", "in_progress", None, None)):
        body = {"name": key, "sgln": f"urn:epc:id:sgln:{CARRIER_PREFIX}.0000{n}.0", "biz_step": step,
                "disposition": disposition, "port_event": port_event, "unlocode": locode}
        points[key] = carrier_api("POST", "/read-points", body).json["id"]
    readers = {}
    for name, antennas in (("Xingang FX9600", ("gate", "quay")), ("Shanghai R700", ("discharge", "dock"))):
        made = carrier_api("POST", "/readers", {"name": name}).json
        readers[name] = made
        for port, point in enumerate(antennas, start=1):
            carrier_api("POST", f"/readers/{made['reader']['id']}/antennas", {"port": port, "read_point": points[point]})
    origin, destination = readers["Xingang FX9600"], readers["Shanghai R700"]

    # The seller tags two farm lots and 30 cases made from them; the carrier tags a pallet and packs.
    seller_api("POST", "/tagging/prefixes", {"prefix": SELLER_PREFIX})
    carrier_api("POST", "/tagging/prefixes", {"prefix": CARRIER_PREFIX})
    lots = [seller_api("POST", "/tagging/commissionings", {
        "kind": "lot", "gtin": PADDY, "lot": lot, "quantity": "5", "uom": "TNE", "farm": farm,
        "origin": "宁河区", "product": "粳稻"}).json["units"][0]["id"]
        for lot, farm in (("FARM-A", "宁河二号农场"), ("FARM-B", "七里海农场"))]
    cases = [unit["id"] for unit in seller_api("POST", "/tagging/commissionings", {
        "kind": "case", "gtin": RICE, "count": 30, "lot": "R2026-11", "product": "小站稻 5 kg × 4"}).json["units"]]
    seller_api("POST", "/tagging/transformations", {
        "inputs": [{"lot": lots[0], "quantity": "600", "uom": "KGM"}, {"lot": lots[1], "quantity": "0.6", "uom": "TNE"}],
        "outputs": cases})
    pallet = carrier_api("POST", "/tagging/commissionings", {"kind": "pallet", "count": 1}).json["units"][0]["id"]
    carrier_api("POST", "/tagging/packings", {"parent": pallet, "children": cases})
    carrier_api("POST", "/tagging/packings", {"parent": CONTAINER, "children": [pallet]})

    # The seller books the shipment with the carrier; the carrier describes the sea leg; the buyer's dock.
    shipment = seller_api("POST", "/shipments", {"source_type": "contract", "source_id": contract.public_id,
                                                 "carrier": carrier.public_id, "origin": "天津新港",
                                                 "destination": "上海"}).json["id"]
    carrier_api("POST", f"/shipments/{shipment}/legs", {
        "mode": "sea", "from_place": "Tianjin Xingang", "from_locode": "CNTXG", "to_place": "Shanghai",
        "to_locode": "CNSHA", "vessel_imo": IMO, "vessel_name": "Binhai Star", "voyage": "2611S",
        "container": CONTAINER})
    carrier_api("POST", f"/shipments/{shipment}/units", {"kind": "pallet", "epc": pallet})
    seller_api("PUT", f"/shipments/{shipment}/destination", {"read_point": points["dock"]})
    linked = buyer_api("GET", f"/epcis/events?EQ_bizTransaction_po=urn:binhai:contract:{contract.public_id}").json
    assert [event["epcList"] for event in linked["epcisBody"]["queryResults"]["resultsBody"]["eventList"]] == [[pallet]]

    # Bad input is refused clearly and changes nothing.
    before = _counts()
    bad_leg = carrier_api("POST", f"/shipments/{shipment}/legs", {
        "mode": "sea", "from_place": "A", "to_place": "B", "vessel_imo": "9074728", "container": "CSQU3054384"},
        expect=422).get_json()
    assert {"vessel_imo", "container"} <= set(bad_leg["errors"])
    assert _reads(client, "not-a-device-token", _zebra([to_hex(pallet, 2)], 1, utcnow()), "zebra").status_code == 401
    assert _reads(client, origin["token"], {"reads": [{"epc": "30F4ZZ", "antenna": 1, "timestamp": _iso(utcnow())}]},
                  "generic").status_code in (400, 422)
    missing = carrier_api("POST", "/epcis/events", {"type": "ObjectEvent", "eventTime": _iso(utcnow()),
                                                    "epcList": [pallet]}, expect=422).get_json()
    assert "action" in json.dumps(missing["errors"]) and "eventTimeZoneOffset" in json.dumps(missing["errors"])
    assert _counts() == before

    # Reads: gate-out and quay loading by HTTP (Zebra), discharge and the dock by MQTT (Impinj).
    need(reachable(*LOCAL_BROKER), "no MQTT broker on 127.0.0.1:1883")
    start = utcnow() - timedelta(days=4)
    tags = [to_hex(pallet, 2)] + [to_hex(case, 3) for case in cases[:5]]
    gate_out = _zebra(tags, 1, start)
    assert _reads(client, origin["token"], gate_out, "zebra").status_code == 202
    assert _reads(client, origin["token"], gate_out, "zebra").get_json()["duplicate"] is True
    assert _reads(client, origin["token"], _zebra(tags, 2, start + timedelta(hours=2)), "zebra").status_code == 202
    assert db.session.get(Shipment, _id(shipment)).status == "in_transit"

    db.session.commit()
    listening = subscriber(app, *LOCAL_BROKER)
    try:
        topic = destination["reader"]["mqtt_topic"]
        publish(*LOCAL_BROKER, topic, json.dumps(_impinj(tags, 1, start + timedelta(days=2))))
        eventually(lambda: db.session.get(Shipment, _id(shipment)).status == "at_port" or None)
        dock = _impinj(tags, 2, start + timedelta(days=2, hours=5))
        publish(*LOCAL_BROKER, topic, json.dumps(dock))
        publish(*LOCAL_BROKER, topic, json.dumps(dock))  # the reader resends its buffer: changes nothing
        eventually(lambda: db.session.get(Shipment, _id(shipment)).status == "delivered" or None)
        eventually(lambda: db.session.scalar(select(func.count()).select_from(ReadBatch).where(
            ReadBatch.transport == "mqtt")) == 2 or None)
    finally:
        listening.stop()
    db.session.expire_all()

    # Port events derived from the reads, once each, whatever number of tags was read.
    codes = db.session.scalars(select(PortEvent.type_code).where(PortEvent.shipment_id == _id(shipment))
                               .order_by(PortEvent.event_at)).all()
    assert codes == ["GTOT", "LOAD", "DISC"]

    # Delivery fired once; settlement follows once however often its job runs.
    assert db.session.scalar(select(func.count()).select_from(OutboxEvent).where(
        OutboxEvent.topic == "shipment.delivered", OutboxEvent.aggregate_id == shipment)) == 1
    jobs = SettlementJobs(app)
    jobs.settle()
    jobs.settle()
    escrow = db.session.scalar(select(Escrow).where(Escrow.payable_public_id == contract.public_id))
    deliveries = db.session.scalars(select(Delivery).where(Delivery.escrow_id == escrow.id)).all()
    assert [(d.source, d.reference) for d in deliveries] == [("rfid", shipment)]
    assert escrow.status == "delivered"

    # The buyer and the regulator see the timeline, in both languages.
    seen = buyer_api("GET", f"/shipments/{shipment}").json
    assert seen["status"] == "delivered"
    regulator = world.regulator()
    world.login(client, regulator)
    for language, word in (("en", "Delivered"), ("zh-CN", "CSQU3054383")):
        page = client.get(f"/enterprises/{buyer.public_id}/shipments/{shipment}",
                          headers={"Accept-Language": language})
        assert page.status_code == 200 and word in page.get_data(as_text=True)

    # A case traces back to both farm lots; a lot traces forward to the pallet, container and vessel.
    back = seller_api("GET", f"/trace?id={cases[7]}&direction=backward").json
    assert set(lots) <= {reached["id"] for reached in back["reached"]}
    forward = seller_api("GET", f"/trace?id={lots[1]}&direction=forward").json
    reached = {r["id"] for r in forward["reached"]}
    assert pallet in reached and any(CONTAINER in r for r in reached)
    assert [vessel["vessel_imo"] for vessel in forward["vessels"]] == [IMO]
    rows = client.get(f"/trace/export.csv?id={cases[7]}")
    assert rows.status_code == 200 and rows.mimetype == "text/csv" and "FARM-A" in rows.get_data(as_text=True)


def _id(public_id):
    return db.session.scalar(select(Shipment.id).where(Shipment.public_id == public_id))
