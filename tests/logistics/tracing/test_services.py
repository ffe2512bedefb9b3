"""Traces read from stored events: a case back to its farm lots, a lot forward to its container and vessel."""
import pytest

from logistics.tracing import services
from marketplace.errors import InvalidInput, NotFound
from tests.logistics.tracing.conftest import CONTAINER, IMO, RICE


def found(reached):
    return {r.identifier for r in reached}


def test_a_trace_of_one_case_finds_both_farm_lots(rice):
    trace = services.trace(rice.cases[0])

    assert set(rice.lots) <= found(trace.backward)
    assert {o.farm for o in trace.origins} == {"Ninghe Farm No. 2", "Qilihai Farm"}
    assert trace.lot == "R2026-11" and trace.product == "Xiaozhan rice 5 kg x 4"


def test_a_forward_trace_of_one_lot_finds_the_pallet_container_and_vessel(rice):
    trace = services.trace(rice.lots[0])

    assert {rice.pallet, f"urn:epc:id:bic:{CONTAINER}", rice.cases[5]} <= found(trace.forward)
    assert [(call.vessel_imo, call.vessel_name, call.voyage) for call in trace.vessels] == [(IMO, "Binhai Star",
                                                                                             "2611S")]
    assert trace.shipments == [rice.shipment]


def test_a_case_is_found_by_its_digital_link_and_the_container_by_its_number(rice):
    by_link = services.trace(f"https://id.gs1.org/01/{RICE}/21/3")
    by_number = services.trace("CSQU 305438-3")

    assert by_link.identifier.uri == rice.cases[2]
    assert set(rice.cases) <= found(by_number.backward)


def test_the_parties_are_the_shipment_and_the_recorder(rice, world):
    trace = services.trace(rice.pallet)

    assert {rice.seller.id, rice.buyer.id, rice.carrier.id} <= trace.parties
    assert not trace.sees_everything([world.enterprise()])
    assert trace.sees_everything(oversight=True)


def test_key_dates_and_export_rows(rice):
    trace = services.trace(rice.cases[0])

    labels = [str(label) for label, _when in trace.key_dates]
    rows = services.trace_rows(trace)

    assert labels[:2] == ["Lot recorded", "Tagged"] and "Loaded" in labels
    assert {row["biz_step"] for row in rows} >= {"commissioning", "packing", "loading"}
    assert any(row["role"] == "input" and row["identifier"] == rice.lots[1] for row in rows)


@pytest.mark.parametrize("text, error", [("urn:epc:id:sgtin:123", InvalidInput), ("CSQU3054384", InvalidInput),
                                         ("urn:epc:id:sgtin:6901234.011234.999", NotFound)])
def test_bad_or_unknown_identifiers_are_refused(rice, text, error):
    with pytest.raises(error):
        services.trace(text)
