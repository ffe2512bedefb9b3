"""A reader posts its native payload with its device token; the logistics firm manages readers by API."""
import base64

from sqlalchemy import func, select

from logistics.epcis.models import EpcisEvent
from logistics.readers import services
from logistics.readers.models import ReadBatch, Sighting
from marketplace.extensions import db
from tests.logistics.readers.conftest import at, case_hex, case_uri, generic, iso

READS = "/api/v1/readers/reads"


def post(client, token, payload, **query):
    return client.post(READS, json=payload, query_string=query, headers={"Authorization": f"Bearer {token}"})


def counts():
    return (db.session.scalar(select(func.count()).select_from(ReadBatch)),
            db.session.scalar(select(func.count()).select_from(Sighting)))


def test_generic_batch_end_to_end(client, firm):
    response = post(client, firm.token, generic((case_hex(1), 1, 0), (case_hex(1), 1, 1), (case_hex(2), 1, 0)))
    assert response.status_code == 202, response.json
    assert {k: response.json[k] for k in ("reads", "unknown", "sightings", "duplicate")} == {
        "reads": 3, "unknown": 0, "sightings": 2, "duplicate": False}
    event = db.session.scalars(select(EpcisEvent)).one()
    assert event.document["epcList"] == [case_uri(1)]


def test_zebra_events_end_to_end(client, firm):
    events = [{"data": {"idHex": case_hex(7).lower(), "antenna": 1, "peakRssi": -34, "reads": 1},
               "timestamp": iso(at(s)).replace("Z", "+0000"), "type": "CUSTOM", "hostName": "fx9600"}
              for s in (0, 2)]
    response = post(client, firm.token, events)
    assert response.status_code == 202, response.json
    sighting = db.session.scalars(select(Sighting)).one()
    assert (sighting.epc_uri, sighting.read_count, str(sighting.peak_rssi_dbm)) == (case_uri(7), 2, "-34.00")
    assert db.session.scalar(select(ReadBatch.format)) == "zebra"


def test_impinj_events_end_to_end(client, firm):
    events = [{"timestamp": iso(at(0)), "eventType": "tagInventory", "hostname": "impinj-12-34-56",
               "tagInventoryEvent": {"epc": base64.b64encode(bytes.fromhex(case_hex(9))).decode(), "antennaPort": 1,
                                     "peakRssiCdbm": -5234, "lastSeenTime": iso(at(s))}} for s in (0, 1, 2)]
    events.append({"timestamp": iso(at(3)), "eventType": "antennaConnected", "antennaConnectedEvent": {}})
    response = post(client, firm.token, events, format="impinj")
    assert response.status_code == 202, response.json
    assert response.json["reads"] == 3
    sighting = db.session.scalars(select(Sighting)).one()
    assert (sighting.epc_uri, sighting.read_count, str(sighting.peak_rssi_dbm)) == (case_uri(9), 3, "-52.34")
    assert db.session.scalar(select(ReadBatch.format)) == "impinj"


def test_unknown_rotated_or_retired_token_is_refused_and_stores_nothing(client, firm):
    payload = generic((case_hex(1), 1, 0), (case_hex(1), 1, 1))
    assert client.post(READS, json=payload).status_code == 401
    refused = post(client, "bhr_not-a-token", payload)
    assert refused.status_code == 401 and refused.content_type == "application/problem+json"
    _reader, new_token = services.rotate_token(firm.owner, firm.enterprise, firm.reader.public_id)
    assert post(client, firm.token, payload).status_code == 401
    services.retire_reader(firm.owner, firm.enterprise, firm.reader.public_id)
    assert post(client, new_token, payload).status_code == 401
    assert counts() == (0, 0)


def test_duplicate_batch_answers_duplicate_and_changes_nothing(client, firm):
    payload = generic((case_hex(1), 1, 0), (case_hex(1), 1, 1))
    first = post(client, firm.token, payload)
    again = post(client, firm.token, payload)
    assert again.status_code == 202
    assert again.json == {"batch": first.json["batch"], "reads": 0, "unknown": 0, "sightings": 0, "duplicate": True}
    assert counts() == (1, 1)


def test_malformed_epc_hex_is_a_clear_4xx_and_stores_nothing(client, firm):
    response = post(client, firm.token, generic((case_hex(1), 1, 0), ("30ZZ", 1, 1)))
    assert response.status_code == 422
    assert response.json["errors"]["reads.1.epc"] == ["is not hexadecimal"]
    truncated = post(client, firm.token, generic(("3074257BF7194E40", 1, 1)))
    assert truncated.status_code == 422 and "3074257BF7194E40" in truncated.json["errors"]["epc"][0]
    not_json = client.post(READS, data=b"{not json", headers={"Authorization": f"Bearer {firm.token}"})
    assert not_json.status_code == 422
    assert counts() == (0, 0)


def test_firm_registers_read_points_and_readers_binds_antennas_and_sees_health(client, world, firm):
    token = world.token(firm.owner, firm.enterprise, scopes=("logistics:read", "logistics:write"))
    auth = {"Authorization": f"Bearer {token}"}
    point = client.post("/api/v1/read-points", json={
        "name": "Quay crane 2", "sgln": "urn:epc:id:sgln:0614141.00777.5", "biz_step": "loading",
        "disposition": "in_transit", "port_event": "LOAD", "unlocode": "CN TXG"}, headers=auth)
    assert point.status_code == 201, point.json
    assert point.json["unlocode"] == "CNTXG"
    bad = client.post("/api/v1/read-points", json={"name": "x", "sgln": "urn:epc:id:sgtin:0614141.812345.1",
                                                   "biz_step": "shiping", "unlocode": "C1"}, headers=auth)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"sgln", "biz_step", "unlocode"}

    made = client.post("/api/v1/readers", json={"name": "Quay reader", "model": "Impinj R700"}, headers=auth)
    assert made.status_code == 201
    reader_id, device_token = made.json["reader"]["id"], made.json["token"]
    assert made.json["reader"]["mqtt_topic"] == f"binhai/readers/{reader_id}/reads"
    bound = client.post(f"/api/v1/readers/{reader_id}/antennas", json={"port": 2, "read_point": point.json["id"]},
                        headers=auth)
    assert bound.status_code == 200 and bound.json["sgln"] == "urn:epc:id:sgln:0614141.00777.5"
    assert post(client, device_token, generic((case_hex(3), 2, 0), (case_hex(3), 2, 1))).status_code == 202

    listed = client.get("/api/v1/readers", headers=auth).json["items"]
    quay = next(item for item in listed if item["reader"]["id"] == reader_id)
    assert quay["reader"]["reads_total"] == 2 and quay["health"]["reads_last_hour"] == 2
    assert "token" not in quay["reader"] and device_token not in str(listed)

    assert client.delete(f"/api/v1/readers/{reader_id}", headers=auth).json["retired_at"] is not None
    assert post(client, device_token, generic((case_hex(3), 2, 5))).status_code == 401


def test_only_a_verified_logistics_firm_registers_readers(client, world):
    supplier = world.enterprise(kinds=("supplier",))
    from tests.builders import owner_of

    token = world.token(owner_of(supplier), supplier, scopes=("logistics:read", "logistics:write"))
    response = client.post("/api/v1/readers", json={"name": "x"}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409 and "logistics" in response.json["detail"]


def test_payload_and_epc_errors_reach_the_reader_in_its_language(client, firm, catalogue):
    chinese = {"Authorization": f"Bearer {firm.token}", "Accept-Language": "zh-CN"}
    bad_hex = client.post(READS, json=generic((case_hex(1), 1, 0), ("30ZZ", 1, 1)), headers=chinese)
    assert bad_hex.json["errors"]["reads.1.epc"] == ["译:is not hexadecimal"]
    truncated = client.post(READS, json=generic(("3074257BF7194E40", 1, 1)), headers=chinese)
    assert truncated.json["errors"]["epc"] == ["3074257BF7194E40: 译:SGTIN-96 needs 24 hex digits (96 bits), got 16"]
    assert counts() == (0, 0)
