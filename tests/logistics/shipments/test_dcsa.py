"""DCSA events: every wrong field reported at once; reads made into equipment events; what each event moves."""
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logistics.shipments import dcsa
from logistics.shipments.lifecycle import Move, ShipmentStatus, after

CONTAINER = "CSQU3054383"
IMO = "9074729"


def load(**changes):
    event = {"eventType": "EQUIPMENT", "equipmentEventTypeCode": "LOAD", "eventClassifierCode": "ACT",
             "eventDateTime": "2026-11-20T08:30:00+08:00", "equipmentReference": CONTAINER,
             "emptyIndicatorCode": "LADEN", "eventLocation": {"UNLocationCode": "CNTXG", "facilityCode": "TCT"},
             "transportCall": {"modeOfTransport": "VESSEL", "carrierVoyageNumber": "2611E",
                               "vessel": {"vesselIMONumber": IMO}}}
    return event | changes


def test_an_equipment_event_is_read_and_normalised():
    event = dcsa.parse(load(equipmentReference="csqu 305438-3"))
    assert event.equipment_reference == CONTAINER
    assert event.event_at == datetime(2026, 11, 20, 0, 30, tzinfo=timezone.utc)
    assert (event.vessel_imo, event.voyage, event.unlocode, event.mode) == (IMO, "2611E", "CNTXG", "VESSEL")
    assert event.as_dcsa()["equipmentEventTypeCode"] == "LOAD"


def test_every_wrong_field_is_reported_at_once():
    with pytest.raises(dcsa.InvalidPortEvent) as refused:
        dcsa.parse(load(equipmentReference="CSQU3054384", eventDateTime="yesterday",
                        transportCall={"vessel": {"vesselIMONumber": "9074728"}},
                        eventLocation={"UNLocationCode": "TIANJIN"}))
    assert set(refused.value.errors) == {"equipmentReference", "eventDateTime",
                                         "transportCall.vessel.vesselIMONumber", "eventLocation.UNLocationCode"}
    assert "check digit" in refused.value.errors["equipmentReference"]


def test_a_transport_event_needs_its_vessel_and_place():
    with pytest.raises(dcsa.InvalidPortEvent) as refused:
        dcsa.parse({"eventType": "TRANSPORT", "transportEventTypeCode": "ARRI",
                    "eventDateTime": "2026-11-20T08:30:00Z"})
    assert set(refused.value.errors) == {"transportCall.vessel.vesselIMONumber", "transportCall.UNLocationCode"}


def test_unknown_codes_are_refused():
    with pytest.raises(dcsa.InvalidPortEvent) as refused:
        dcsa.parse(load(equipmentEventTypeCode="FLY", eventClassifierCode="MAYBE", emptyIndicatorCode="HALF"))
    assert set(refused.value.errors) == {"equipmentEventTypeCode", "eventClassifierCode", "emptyIndicatorCode"}


def test_the_same_event_has_the_same_key_per_shipment():
    one, again = dcsa.parse(load()), dcsa.parse(load(eventDateTime="2026-11-20T00:30:00Z"))
    assert one.dedup_key("shp_1") == again.dedup_key("shp_1") != one.dedup_key("shp_2")
    assert len(one.dedup_key("shp_1")) == 64


def test_a_read_at_a_quay_crane_is_a_load():
    event = dcsa.from_read("LOAD", CONTAINER, datetime(2026, 11, 20, tzinfo=timezone.utc), "CNTXG", "TCT")
    assert (event.event_type, event.type_code, event.empty_indicator) == ("EQUIPMENT", "LOAD", "LADEN")
    with pytest.raises(dcsa.InvalidPortEvent):
        dcsa.from_read("ARRI", CONTAINER, datetime(2026, 11, 20, tzinfo=timezone.utc))


@pytest.mark.parametrize("code, place, moves", [
    ("GTOT", dcsa.ORIGIN, (Move.PICK_UP, Move.DEPART)),
    ("GTOT", dcsa.DISCHARGE, (Move.OUT_FOR_DELIVERY,)),
    ("LOAD", dcsa.ORIGIN, (Move.DEPART,)),
    ("DISC", dcsa.DISCHARGE, (Move.ARRIVE,)),
    ("ARRI", dcsa.ELSEWHERE, (Move.ARRIVE,)),
    ("STUF", dcsa.ORIGIN, ()),
])
def test_what_each_event_moves(code, place, moves):
    kind = "TRANSPORT" if code in dcsa.TRANSPORT_CODES else "EQUIPMENT"
    event = dcsa.PortEventData(kind, code, datetime(2026, 11, 20, tzinfo=timezone.utc), empty_indicator="LADEN")
    assert dcsa.moves_for(event, place) == moves


def test_planned_events_and_empty_containers_move_nothing():
    when = datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert dcsa.moves_for(dcsa.PortEventData("EQUIPMENT", "LOAD", when, classifier="EST"), dcsa.ORIGIN) == ()
    assert dcsa.moves_for(dcsa.PortEventData("EQUIPMENT", "GTOT", when, empty_indicator="EMPTY"), dcsa.ORIGIN) == ()


def test_place_of():
    assert dcsa.place_of("CNTXG", "CNTXG", "SGSIN") == dcsa.ORIGIN
    assert dcsa.place_of("SGSIN", "CNTXG", "SGSIN") == dcsa.DISCHARGE
    assert dcsa.place_of(None, None, None) == dcsa.ELSEWHERE


codes = st.sampled_from(dcsa.EQUIPMENT_CODES + dcsa.TRANSPORT_CODES)
places = st.sampled_from([dcsa.ORIGIN, dcsa.DISCHARGE, dcsa.ELSEWHERE])


@given(st.lists(st.tuples(codes, places), max_size=40))
def test_no_port_event_sequence_delivers(sequence):
    """Delivery is a read at the buyer's dock or the buyer's word, never a port event."""
    status = ShipmentStatus.BOOKED
    for code, place in sequence:
        kind = "TRANSPORT" if code in dcsa.TRANSPORT_CODES else "EQUIPMENT"
        event = dcsa.PortEventData(kind, code, datetime(2026, 11, 20, tzinfo=timezone.utc))
        for move in dcsa.moves_for(event, place):
            status = after(status, None, move) or status
        assert status != ShipmentStatus.DELIVERED


def test_events_derived_from_reads_are_one_per_container_and_read_point():
    early = dcsa.from_read("LOAD", CONTAINER, datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc))
    late = dcsa.from_read("LOAD", CONTAINER, datetime(2026, 11, 20, 8, 3, tzinfo=timezone.utc))
    assert early.dedup_key("shp_1", "rpt_crane") == late.dedup_key("shp_1", "rpt_crane")
    assert early.dedup_key("shp_1", "rpt_crane") != early.dedup_key("shp_1", "rpt_gate")
    assert early.dedup_key("shp_1") != late.dedup_key("shp_1")
