"""Recording one event: stored once by its canonical hash, with what it names, and shipments told."""
import pytest
from sqlalchemy import func, select

from logistics.epcis import services
from logistics.epcis.document import InvalidEvent
from logistics.epcis.models import EpcisEvent
from marketplace.extensions import db
from tests.logistics.epcis.samples import DOCK, SGTIN, SGTIN_2, SSCC, aggregation_event, object_event


def _count():
    return db.session.scalar(select(func.count()).select_from(EpcisEvent))


def test_a_new_event_is_stored_normalised_with_server_record_time_and_identifiers(world):
    firm = world.enterprise(kinds=("logistics",))
    event, created = services.record_event(
        firm.id, object_event(bizStep="urn:epcglobal:cbv:bizstep:shipping", recordTime="1999-01-01T00:00:00Z"),
        source="service")
    assert created
    assert event.event_id.startswith("urn:uuid:")
    assert event.event_hash.startswith("ni:///sha-256;") and event.event_hash.endswith("?ver=CBV2.0")
    assert event.biz_step == "shipping" and event.read_point == DOCK
    assert event.document["bizStep"] == "shipping"
    assert event.document["eventID"] == event.event_id
    assert not event.document["recordTime"].startswith("1999")
    assert [(i.role, i.value) for i in event.identifiers] == [("epc", SGTIN)]


def test_the_same_event_written_differently_is_stored_once(world):
    firm = world.enterprise(kinds=("logistics",))
    first, created = services.record_event(firm.id, object_event(), source="capture")
    again = object_event(bizStep="https://ref.gs1.org/cbv/BizStep-shipping",
                         disposition="urn:epcglobal:cbv:disp:in_transit")
    second, created_again = services.record_event(firm.id, dict(reversed(list(again.items()))), source="capture")
    assert created and not created_again
    assert second.id == first.id
    assert _count() == 1


def test_an_invalid_event_stores_nothing(world):
    firm = world.enterprise(kinds=("logistics",))
    with pytest.raises(InvalidEvent) as raised:
        services.record_event(firm.id, aggregation_event(parent=None, childEPCs=[]), source="service")
    assert {"parentID", "childEPCs"} <= set(raised.value.errors)
    assert _count() == 0


def test_packing_names_parent_and_children(world):
    firm = world.enterprise(kinds=("logistics",))
    event, _ = services.record_event(firm.id, aggregation_event(), source="service")
    assert sorted((i.role, i.value) for i in event.identifiers) == [
        ("child", SGTIN), ("child", SGTIN_2), ("parent", SSCC)]


def test_new_events_only_reach_the_shipment_hook(world, monkeypatch):
    seen = []
    monkeypatch.setattr("logistics.shipments.progress.on_events", seen.extend)
    firm = world.enterprise(kinds=("logistics",))
    services.record_event(firm.id, object_event(), source="sighting")
    services.record_event(firm.id, object_event(), source="sighting")
    assert len(seen) == 1 and seen[0].type == "ObjectEvent"


def test_an_error_declaration_is_a_new_event_even_with_the_declared_events_id(world):
    firm = world.enterprise(kinds=("logistics",))
    original, _ = services.record_event(firm.id, object_event(eventID="urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c00"),
                                        source="capture")
    declaration = object_event(eventID=original.event_id, errorDeclaration={
        "declarationTime": "2026-08-14T08:00:00+08:00", "reason": "incorrect_data"})
    correction, created = services.record_event(firm.id, declaration, source="capture")
    assert created and correction.declares_error
    assert correction.event_id != original.event_id
    assert db.session.get(EpcisEvent, original.id).document == original.document
    assert _count() == 2


def test_another_event_cannot_take_a_stored_event_id(world):
    firm = world.enterprise(kinds=("logistics",))
    services.record_event(firm.id, object_event(eventID="urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c01"),
                          source="capture")
    with pytest.raises(InvalidEvent) as raised:
        services.record_event(firm.id, object_event(epc=SGTIN_2, eventID="urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c01"),
                              source="capture")
    assert "eventID" in raised.value.errors


def test_extension_steps_and_types_are_kept_whole(world):
    firm = world.enterprise(kinds=("logistics",))
    step = "https://ns.example.com/epcis/bizstep/fumigating-with-phosphine-in-the-hold"
    kind = "https://ns.example.com/epcis/btt/customs-declaration-of-the-peoples-republic"
    event, _ = services.record_event(firm.id, object_event(
        bizStep=step, bizTransactionList=[{"type": kind, "bizTransaction": "urn:example:declaration:1"}]),
        source="service")
    db.session.expire_all()
    assert event.biz_step == step
    assert ("biz_transaction", kind) in [(i.role, i.qualifier) for i in event.identifiers]
