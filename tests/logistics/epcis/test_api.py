"""The EPCIS 2.0 interface: capture jobs (202, limits, rollback or proceed), single events, queries, visibility."""
import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from logistics.epcis.models import EpcisCapture, EpcisEvent
from logistics.shipments.models import Shipment, ShipmentUnit
from marketplace.database import transaction
from marketplace.extensions import db
from tests.builders import owner_of
from tests.logistics.epcis.samples import (
    DOCK,
    LOT,
    SGTIN,
    SGTIN_2,
    SSCC,
    aggregation_event,
    document,
    object_event,
    transaction_event,
    transformation_event,
)

SCOPES = ("logistics:read", "logistics:write")


@pytest.fixture
def firm(world):
    return world.enterprise(kinds=("logistics",))


@pytest.fixture
def as_firm(world, firm):
    return {"Authorization": f"Bearer {world.token(owner_of(firm), firm, SCOPES)}"}


def stored():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(EpcisEvent))


def capture(client, headers, body, **extra):
    return client.post("/api/v1/epcis/capture", headers={**headers, **extra}, json=body)


def events_of(response):
    return response.json["epcisBody"]["queryResults"]["resultsBody"]["eventList"]


def test_capture_answers_202_with_the_job_location_and_the_job_reports_counts(client, as_firm):
    answer = capture(client, as_firm, document(object_event(), aggregation_event(), transformation_event()))
    assert answer.status_code == 202
    assert answer.headers["Location"] == f"/api/v1/epcis/capture/{answer.json['captureID']}"
    assert answer.headers["GS1-EPCIS-Version"] == "2.0.0" and answer.headers["GS1-CBV-Version"] == "2.0.0"
    assert answer.headers["GS1-EPCIS-Capture-Limit"] == "1000"
    job = client.get(answer.headers["Location"], headers=as_firm)
    assert job.status_code == 200
    assert (job.json["status"], job.json["success"], job.json["running"]) == ("succeeded", True, False)
    assert (job.json["eventCount"], job.json["storedCount"], job.json["duplicateCount"]) == (3, 3, 0)
    assert job.json["errors"] == [] and stored() == 3


def test_missing_required_fields_are_reported_per_event_and_nothing_is_stored(client, as_firm):
    broken_packing = {k: v for k, v in aggregation_event().items() if k != "parentID"}
    broken_sale = transaction_event(bizTransactionList=[])
    answer = capture(client, as_firm, document(object_event(), broken_packing, broken_sale))
    job = client.get(answer.headers["Location"], headers=as_firm).json
    assert answer.status_code == 202 and job["status"] == "failed" and job["success"] is False
    assert {(e["index"], e["field"]) for e in job["errors"]} == {(1, "parentID"), (2, "bizTransactionList")}
    assert all(e["message"] for e in job["errors"])
    assert job["storedCount"] == 0 and stored() == 0


def test_proceed_stores_the_valid_events_and_reports_the_others(client, as_firm):
    answer = capture(client, as_firm, document(object_event(), object_event(uom="kg", epc=SGTIN_2),
                                               object_event(epc=SGTIN_2, quantityList=[
                                                   {"epcClass": LOT, "quantity": 5, "uom": "kg"}])),
                     **{"GS1-Capture-Error-Behaviour": "proceed"})
    job = answer.json
    assert job["captureErrorBehaviour"] == "proceed" and job["status"] == "partial"
    assert job["storedCount"] == 1 and [e["index"] for e in job["errors"]] == [1, 2]
    assert job["errors"][1]["field"] == "quantityList[0].uom"
    assert stored() == 1


def test_capturing_the_same_document_again_changes_nothing(client, as_firm):
    body = document(object_event(), aggregation_event())
    capture(client, as_firm, body)
    rewritten = document(object_event(bizStep="urn:epcglobal:cbv:bizstep:shipping"), aggregation_event(),
                         object_event())
    again = capture(client, as_firm, rewritten)
    assert (again.json["storedCount"], again.json["duplicateCount"]) == (0, 3)
    assert again.json["status"] == "succeeded" and stored() == 2


def test_over_the_event_limit_is_413_and_nothing_is_stored(app, client, as_firm, monkeypatch):
    monkeypatch.setitem(app.config, "EPCIS_CAPTURE_LIMIT", 2)
    answer = capture(client, as_firm, document(object_event(), object_event(epc=SGTIN_2), aggregation_event()))
    assert answer.status_code == 413 and answer.content_type == "application/problem+json"
    assert answer.headers["GS1-EPCIS-Capture-Limit"] == "2"
    assert stored() == 0 and db.session.scalar(select(func.count()).select_from(EpcisCapture)) == 0


def test_over_the_size_limit_is_413_and_nothing_is_stored(app, client, as_firm, monkeypatch):
    body = document(object_event(), object_event(epc=SGTIN_2))
    monkeypatch.setitem(app.config, "EPCIS_CAPTURE_FILE_SIZE_LIMIT", len(json.dumps(body)) - 10)
    answer = capture(client, as_firm, body)
    assert answer.status_code == 413
    assert answer.headers["GS1-EPCIS-Capture-File-Size-Limit"] == str(len(json.dumps(body)) - 10)
    assert stored() == 0


def test_a_document_without_an_event_list_or_a_bad_behaviour_is_refused(client, as_firm):
    assert capture(client, as_firm, {"type": "EPCISDocument"}).status_code == 422
    refused = capture(client, as_firm, document(object_event()), **{"GS1-Capture-Error-Behaviour": "maybe"})
    assert refused.status_code == 422 and stored() == 0


def test_one_event_posted_is_201_then_200_unchanged(client, as_firm):
    first = client.post("/api/v1/epcis/events", headers=as_firm, json=object_event())
    again = client.post("/api/v1/epcis/events", headers=as_firm,
                        json=object_event(disposition="https://ref.gs1.org/cbv/Disp-in_transit"))
    assert first.status_code == 201 and again.status_code == 200
    assert first.json == again.json and first.json["eventID"].startswith("urn:uuid:")
    assert first.headers["Location"] == f"/api/v1/epcis/events/{first.json['eventID']}"
    shown = client.get(first.headers["Location"], headers=as_firm)
    assert shown.status_code == 200 and shown.json == first.json
    assert stored() == 1


def test_an_invalid_event_is_422_with_field_errors(client, as_firm):
    answer = client.post("/api/v1/epcis/events", headers=as_firm,
                         json=object_event(eventTimeZoneOffset="+15:00", bizStep="flying", epcList=["E28011"]))
    assert answer.status_code == 422 and answer.content_type == "application/problem+json"
    assert set(answer.json["errors"]) == {"eventTimeZoneOffset", "bizStep", "epcList[0]"}
    assert stored() == 0


def test_a_correction_is_a_new_event_and_the_original_stays(client, as_firm):
    original = client.post("/api/v1/epcis/events", headers=as_firm, json=object_event()).json
    correction = client.post("/api/v1/epcis/events", headers=as_firm, json=object_event(
        eventID=original["eventID"], errorDeclaration={"declarationTime": "2026-08-14T09:00:00+08:00",
                                                       "reason": "did_not_occur"}))
    assert correction.status_code == 201 and correction.json["errorDeclaration"]["reason"] == "did_not_occur"
    assert client.get(f"/api/v1/epcis/events/{original['eventID']}", headers=as_firm).json == original
    assert stored() == 2


def _query(client, headers, **params):
    answer = client.get("/api/v1/epcis/events", headers=headers, query_string=params)
    assert answer.status_code == 200, answer.json
    return answer


def test_query_filters(client, as_firm):
    capture(client, as_firm, document(
        object_event(),
        object_event(epc=SGTIN_2, bizStep="receiving", disposition="in_progress",
                     eventTime="2026-08-15T10:00:00+08:00"),
        aggregation_event(),
        transaction_event(),
        transformation_event(),
    ))
    assert len(events_of(_query(client, as_firm))) == 5
    assert {e["type"] for e in events_of(_query(client, as_firm, eventType="ObjectEvent"))} == {"ObjectEvent"}
    assert len(events_of(_query(client, as_firm, eventType="ObjectEvent,AggregationEvent"))) == 3
    assert len(events_of(_query(client, as_firm, EQ_bizStep="urn:epcglobal:cbv:bizstep:receiving"))) == 1
    assert len(events_of(_query(client, as_firm, EQ_disposition="in_transit"))) == 1
    assert len(events_of(_query(client, as_firm, EQ_action="ADD"))) == 2
    assert len(events_of(_query(client, as_firm, EQ_readPoint=DOCK))) == 2
    assert len(events_of(_query(client, as_firm, GE_eventTime="2026-08-14T00:00:00Z"))) == 1
    assert len(events_of(_query(client, as_firm, LT_eventTime="2026-08-11T00:00:00+08:00"))) == 1
    assert len(events_of(_query(client, as_firm, GE_recordTime="2026-01-01T00:00:00Z"))) == 5
    assert len(events_of(_query(client, as_firm, LT_recordTime="2026-01-01T00:00:00Z"))) == 0
    assert len(events_of(_query(client, as_firm, MATCH_epc=SGTIN))) == 2  # the ObjectEvent and the packing
    assert len(events_of(_query(client, as_firm, MATCH_parentID=SSCC))) == 1
    assert len(events_of(_query(client, as_firm, MATCH_outputEPC=SGTIN))) == 1
    assert len(events_of(_query(client, as_firm, MATCH_inputEPC=SGTIN))) == 0
    assert len(events_of(_query(client, as_firm, MATCH_anyEPC=SSCC))) == 2
    assert len(events_of(_query(client, as_firm, MATCH_anyEPC="urn:epc:idpat:sgtin:0614141.812345.*"))) == 4
    assert len(events_of(_query(client, as_firm, MATCH_epcClass=LOT))) == 1
    assert len(events_of(_query(client, as_firm, EQ_bizTransaction_bol="urn:epcglobal:cbv:bt:0614141073467:BL-2026-1"))) == 1
    assert len(events_of(_query(client, as_firm, EQ_bizTransaction_po="urn:epcglobal:cbv:bt:0614141073467:BL-2026-1"))) == 0


def _next_page(answer):
    link = answer.headers.get("Link")
    if not link:
        return None
    return parse_qs(urlsplit(link.split(">")[0].lstrip("<")).query)


def test_query_pages_with_next_page_token(client, as_firm):
    capture(client, as_firm, document(*[object_event(epc=f"urn:epc:id:sgtin:0614141.812345.{n}") for n in range(5)]))
    page = _query(client, as_firm, perPage=2)
    assert len(events_of(page)) == 2 and 'rel="next"' in page.headers["Link"]
    seen = [e["eventID"] for e in events_of(page)]
    while (following := _next_page(page)) is not None:
        page = _query(client, as_firm, **following)
        seen += [e["eventID"] for e in events_of(page)]
    assert len(set(seen)) == 5


def test_unknown_query_parameters_and_bad_values_are_refused(client, as_firm):
    answer = client.get("/api/v1/epcis/events", headers=as_firm,
                        query_string={"EQ_colour": "red", "GE_eventTime": "yesterday", "EQ_bizStep": "flying"})
    assert answer.status_code == 422
    assert set(answer.json["errors"]) == {"EQ_colour", "GE_eventTime", "EQ_bizStep"}


def test_another_enterprise_sees_only_events_about_its_shipments(world, client, firm, as_firm):
    client.post("/api/v1/epcis/events", headers=as_firm, json=object_event())
    about_pallet = client.post("/api/v1/epcis/events", headers=as_firm, json=aggregation_event()).json
    buyer, stranger = world.enterprise(), world.enterprise()
    seller = world.enterprise()
    with transaction():
        shipment = Shipment(source_type="order", source_public_id="ord_test", seller_enterprise_id=seller.id,
                            buyer_enterprise_id=buyer.id, carrier_enterprise_id=firm.id, title="Rice",
                            quantity=Decimal("30"), unit="case")
        db.session.add(shipment)
        db.session.flush()
        db.session.add(ShipmentUnit(shipment_id=shipment.id, kind="pallet", epc_uri=SSCC))
    as_buyer = {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, ('logistics:read',))}"}
    as_stranger = {"Authorization": f"Bearer {world.token(owner_of(stranger), stranger, ('logistics:read',))}"}

    assert [e["eventID"] for e in events_of(_query(client, as_buyer))] == [about_pallet["eventID"]]
    assert events_of(_query(client, as_stranger)) == []
    assert client.get(f"/api/v1/epcis/events/{about_pallet['eventID']}", headers=as_stranger).status_code == 404
    assert client.get(f"/api/v1/epcis/events/{about_pallet['eventID']}", headers=as_buyer).status_code == 200


def test_capture_jobs_are_private_and_reading_needs_no_write_scope(world, client, as_firm):
    job = capture(client, as_firm, document(object_event())).json
    other = world.enterprise()
    as_other = {"Authorization": f"Bearer {world.token(owner_of(other), other, SCOPES)}"}
    assert client.get(f"/api/v1/epcis/capture/{job['captureID']}", headers=as_other).status_code == 404
    listed = client.get("/api/v1/epcis/capture", headers=as_firm).json["captureJobs"]
    assert [j["captureID"] for j in listed] == [job["captureID"]]
    reader = {"Authorization": f"Bearer {world.token(owner_of(other), other, ('logistics:read',))}"}
    assert capture(client, reader, document(object_event())).status_code == 403


def test_field_errors_of_an_invalid_event_are_in_the_readers_language(client, as_firm, catalogue):
    answer = client.post("/api/v1/epcis/events", headers={**as_firm, "Accept-Language": "zh-CN"},
                         json=object_event(bizStep="flying", action="MOVE"))
    assert answer.status_code == 422
    assert answer.json["errors"]["bizStep"] == ["译:'flying' is not a CBV 2.0 bizStep value"]
    assert answer.json["errors"]["action"] == ["译:'MOVE' is not ADD, OBSERVE or DELETE"]
    assert stored() == 0
