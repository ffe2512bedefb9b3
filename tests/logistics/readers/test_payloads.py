import base64
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from logistics.readers.payloads import BadPayload, RawRead, parse, parse_generic, parse_impinj, parse_zebra

UTC = timezone.utc
EPC = "3034257BF7194E4000001A85"


def test_generic_batch():
    reads = parse_generic({
        "reader_id": "dock-1",
        "reads": [
            {"epc": "30 34 257bf7194e4000001a85", "antenna": 2, "rssi": -55.5, "timestamp": "2026-08-13T09:14:28.651Z"},
            {"epc": EPC, "antenna": 1, "timestamp": "2026-08-13T17:14:28+08:00", "reader_id": "dock-2"},
        ],
    })
    assert reads == [
        RawRead(EPC, 2, Decimal("-55.5"), datetime(2026, 8, 13, 9, 14, 28, 651000, UTC), "dock-1"),
        RawRead(EPC, 1, None, datetime(2026, 8, 13, 9, 14, 28, tzinfo=UTC), "dock-2"),
    ]
    assert isinstance(reads[0].rssi_dbm, Decimal)
    assert reads[1].read_at.utcoffset() == timedelta(0)


def test_generic_reports_every_bad_row_and_accepts_nothing():
    with pytest.raises(BadPayload) as caught:
        parse_generic({"reads": [
            {"epc": EPC, "antenna": 1, "timestamp": "2026-08-13T09:14:28Z"},
            {"epc": "XYZ", "antenna": 0, "timestamp": "2026-08-13T09:14:28"},
            {"epc": EPC, "antenna": True, "rssi": "loud", "timestamp": "yesterday"},
            "not a row",
            {"antenna": 1},
        ]})
    errors = caught.value.errors
    assert set(errors) == {
        "reads.1.epc", "reads.1.antenna", "reads.1.timestamp",
        "reads.2.antenna", "reads.2.rssi", "reads.2.timestamp",
        "reads.3", "reads.4.epc", "reads.4.timestamp",
    }
    assert "time zone" in errors["reads.1.timestamp"]


@pytest.mark.parametrize("body", [[], "x", {"reads": "nope"}, None])
def test_generic_shape_refused(body):
    with pytest.raises(BadPayload):
        parse_generic(body)


def test_odd_hex_refused():
    with pytest.raises(BadPayload) as caught:
        parse_generic({"reads": [{"epc": "ABC", "antenna": 1, "timestamp": "2026-08-13T09:14:28Z"}]})
    assert "reads.0.epc" in caught.value.errors


ZEBRA = {
    "data": {"idHex": EPC.lower(), "antenna": 1, "peakRssi": -34, "channel": 866.3, "reads": 1},
    "timestamp": "2026-08-13T09:14:28.651+0000",
    "type": "CUSTOM",
    "hostName": "fx9600-gate",
}


def test_zebra_single_event_offset_without_colon():
    [read] = parse_zebra(ZEBRA)
    assert read == RawRead(EPC, 1, Decimal(-34), datetime(2026, 8, 13, 9, 14, 28, 651000, UTC), "fx9600-gate")


def test_zebra_batch_and_offsets():
    other = {**ZEBRA, "timestamp": "2026-08-13T17:14:28.651+0800", "hostName": None}
    reads = parse([ZEBRA, other], "zebra")
    assert reads[0].read_at == reads[1].read_at
    assert reads[1].reader_id is None


def test_zebra_errors_per_row():
    bad = {"data": {"idHex": "G1", "antenna": "one"}, "timestamp": "2026-08-13T09:14:28.651"}
    with pytest.raises(BadPayload) as caught:
        parse_zebra([ZEBRA, bad, {"timestamp": "2026-08-13T09:14:28Z"}])
    assert set(caught.value.errors) == {"1.data.idHex", "1.data.antenna", "1.timestamp", "2.data"}


IMPINJ = {
    "timestamp": "2026-08-13T09:14:29.000Z",
    "hostname": "impinj-12-34-56",
    "eventType": "tagInventory",
    "tagInventoryEvent": {"epcHex": EPC, "antennaPort": 3, "peakRssiCdbm": -5234,
                          "lastSeenTime": "2026-08-13T09:14:28.123456789Z"},
}


def test_impinj_centi_dbm_and_last_seen():
    [read] = parse_impinj(IMPINJ)
    assert read.rssi_dbm == Decimal("-52.34")
    assert read.antenna == 3
    assert read.read_at == datetime(2026, 8, 13, 9, 14, 28, 123456, UTC)
    assert read.reader_id == "impinj-12-34-56"


def test_impinj_base64_epc_and_event_timestamp():
    tag = {"epc": base64.b64encode(bytes.fromhex(EPC)).decode(), "antennaPort": 1}
    reads = parse([{"timestamp": "2026-08-13T09:14:29Z", "tagInventoryEvent": tag},
                   {"timestamp": "2026-08-13T09:14:30Z", "eventType": "antennaConnected"}], "impinj")
    assert reads == [RawRead(EPC, 1, None, datetime(2026, 8, 13, 9, 14, 29, tzinfo=UTC), None)]


def test_impinj_errors_per_row():
    rows = [
        IMPINJ,
        {"timestamp": "2026-08-13T09:14:29Z", "tagInventoryEvent": {"epc": "!!!", "antennaPort": 1}},
        {"timestamp": "2026-08-13T09:14:29Z", "tagInventoryEvent": {"antennaPort": 1, "peakRssiCdbm": "x"}},
        {"tagInventoryEvent": {"epcHex": EPC, "antennaPort": 1}},
        {"eventType": "tagInventory"},
    ]
    with pytest.raises(BadPayload) as caught:
        parse_impinj(rows)
    assert set(caught.value.errors) == {
        "1.tagInventoryEvent.epc",
        "2.tagInventoryEvent.epcHex", "2.tagInventoryEvent.peakRssiCdbm",
        "3.timestamp",
        "4.tagInventoryEvent",
    }


def test_unknown_format():
    with pytest.raises(BadPayload) as caught:
        parse({}, "llrp")
    assert "format" in caught.value.errors
