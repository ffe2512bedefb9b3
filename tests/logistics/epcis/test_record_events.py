"""Recording many events at once: each stored once, under the hash one-by-one recording gives it."""
import pytest
from sqlalchemy import func, select

from logistics.epcis import services
from logistics.epcis.document import InvalidEvent, normalise
from logistics.epcis.hashing import storage_key
from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from marketplace.extensions import db
from tests.logistics.epcis.samples import (
    SGTIN, SGTIN_2, aggregation_event, object_event, transaction_event, transformation_event,
)


def _count(model=EpcisEvent):
    return db.session.scalar(select(func.count()).select_from(model))


def _pallet(size, first=1):
    return [object_event(epc=f"urn:epc:id:sgtin:0614141.812345.{serial}") for serial in range(first, first + size)]


def test_every_event_is_stored_under_the_hash_it_has_alone_with_what_it_names(world):
    firm = world.enterprise(kinds=("logistics",))
    events = [object_event(), aggregation_event(), transaction_event(), transformation_event(),
              object_event(errorDeclaration={"declarationTime": "2026-08-14T00:00:00Z", "reason": "did_not_occur"}),
              object_event(**{"@context": [{"ex": "https://example.com/binhai/"}], "ex:lane": "B7"})]
    recorded = services.record_events(firm.id, events, source="service")
    assert [created for _event, created in recorded] == [True] * len(events)
    assert [event.event_hash for event, _ in recorded] == [storage_key(normalise(event)) for event in events]
    assert [event.type for event, _ in recorded] == [event["type"] for event in events]
    assert sorted((i.role, i.value) for i in recorded[1][0].identifiers) == [
        ("child", SGTIN), ("child", SGTIN_2), ("parent", "urn:epc:id:sscc:0614141.1234567890")]
    assert _count() == len(events)


def _shape(event):
    document = {key: value for key, value in event.document.items() if key not in ("eventID", "recordTime")}
    return (event.event_hash, event.type, event.action, event.event_time, event.biz_step, event.disposition,
            event.read_point, event.biz_location, event.declares_error, event.source, event.capture_id, document,
            [(i.role, i.value, i.qualifier) for i in event.identifiers])


def test_a_batch_stores_the_same_rows_as_recording_one_by_one(world):
    firm = world.enterprise(kinds=("logistics",))
    events = [aggregation_event(), transformation_event(), transaction_event(), object_event(
        bizTransactionList=[{"type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:0614141073467:PO-7"}])]
    one_by_one = [_shape(services.record_event(firm.id, event, source="service")[0]) for event in events]
    db.session.execute(EpcisEventIdentifier.__table__.delete())
    db.session.execute(EpcisEvent.__table__.delete())
    db.session.expire_all()
    batched = [_shape(event) for event, _ in services.record_events(firm.id, events, source="service")]
    assert batched == one_by_one


def test_duplicates_in_the_batch_and_against_stored_events_are_stored_once(world):
    firm = world.enterprise(kinds=("logistics",))
    stored, _ = services.record_event(firm.id, object_event(), source="capture")
    written_again = object_event(bizStep="https://ref.gs1.org/cbv/BizStep-shipping")
    events = [object_event(epc=SGTIN_2), written_again, object_event(epc=SGTIN_2), object_event()]
    recorded = services.record_events(firm.id, events, source="sighting")
    assert [created for _event, created in recorded] == [True, False, False, False]
    assert recorded[1][0].id == recorded[3][0].id == stored.id
    assert recorded[2][0].id == recorded[0][0].id != stored.id
    assert _count() == 2
    assert _count(EpcisEventIdentifier) == 2


def test_the_shipment_hook_hears_each_new_event_once_in_order(world, monkeypatch):
    heard = []
    monkeypatch.setattr("logistics.shipments.progress.on_events", heard.extend)
    firm = world.enterprise(kinds=("logistics",))
    services.record_event(firm.id, object_event(), source="sighting")
    recorded = services.record_events(firm.id, [object_event(), *_pallet(3), _pallet(1)[0]], source="sighting")
    assert [event.id for event in heard[1:]] == [event.id for event, created in recorded if created]
    assert len(heard) == 4


def test_a_large_pallet_is_stored_whole(world):
    firm = world.enterprise(kinds=("logistics",))
    recorded = services.record_events(firm.id, _pallet(1200), source="sighting")
    assert all(created for _event, created in recorded)
    assert len({event.id for event, _ in recorded}) == 1200
    assert _count() == _count(EpcisEventIdentifier) == 1200
    again = services.record_events(firm.id, _pallet(1300), source="sighting")
    assert [created for _event, created in again] == [False] * 1200 + [True] * 100
    assert _count() == 1300


def test_one_invalid_event_stores_none(world):
    firm = world.enterprise(kinds=("logistics",))
    with pytest.raises(InvalidEvent) as raised:
        services.record_events(firm.id, [object_event(), aggregation_event(parent=None, childEPCs=[])],
                               source="service")
    assert "parentID" in raised.value.errors
    assert _count() == 0


def test_an_event_id_already_naming_another_event_stores_none(world):
    firm = world.enterprise(kinds=("logistics",))
    taken = "urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c02"
    services.record_event(firm.id, object_event(eventID=taken), source="capture")
    with pytest.raises(InvalidEvent) as raised:
        services.record_events(firm.id, [object_event(epc="urn:epc:id:sgtin:0614141.812345.1"),
                                         object_event(epc=SGTIN_2, eventID=taken)], source="capture")
    assert "eventID" in raised.value.errors
    assert _count() == 1


def test_two_events_of_one_batch_cannot_share_an_event_id(world):
    firm = world.enterprise(kinds=("logistics",))
    shared = "urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c03"
    with pytest.raises(InvalidEvent) as raised:
        services.record_events(firm.id, [object_event(eventID=shared), object_event(epc=SGTIN_2, eventID=shared)],
                               source="capture")
    assert "eventID" in raised.value.errors
    assert _count() == 0


def test_an_error_declaration_in_the_batch_gets_its_own_event_id(world):
    firm = world.enterprise(kinds=("logistics",))
    original = "urn:uuid:5d3d1a5c-0b6b-4f2e-9d5e-3f1f2a1b7c04"
    declaration = object_event(eventID=original, errorDeclaration={
        "declarationTime": "2026-08-14T08:00:00+08:00", "reason": "incorrect_data"})
    (first, _), (correction, created) = services.record_events(
        firm.id, [object_event(eventID=original), declaration], source="capture")
    assert first.event_id == original
    assert created and correction.declares_error and correction.event_id not in (original, None)
