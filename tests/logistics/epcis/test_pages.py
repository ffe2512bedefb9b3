"""EPCIS pages: an enterprise's events (filters, newest first), one event told plainly, capture jobs with errors."""
import html
import io
import json
import re

import pytest
from sqlalchemy import event, func, select

from logistics.epcis import services
from logistics.epcis.models import EpcisCapture, EpcisEvent
from marketplace.audit.models import AuditRecord
from marketplace.extensions import db
from tests.builders import owner_of
from tests.logistics.epcis.samples import (
    SGTIN,
    SSCC,
    aggregation_event,
    document,
    object_event,
    transformation_event,
)


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


@pytest.fixture
def firm(world):
    return world.enterprise(kinds=("logistics",))


@pytest.fixture
def recorded(firm):
    shipped, _ = services.record_event(firm.id, object_event(), source="service")
    packed, _ = services.record_event(firm.id, aggregation_event(), source="service")
    processed, _ = services.record_event(firm.id, transformation_event(), source="service")
    return shipped, packed, processed


def events_url(firm):
    return f"/enterprises/{firm.public_id}/epcis/events"


def test_events_newest_first_and_filtered(world, client, firm, recorded):
    shipped, packed, processed = recorded
    world.login(client, owner_of(firm))
    page = client.get(events_url(firm))
    shown = page.get_data(as_text=True)
    assert page.status_code == 200
    order = [shown.index(e.event_id) for e in (shipped, packed, processed)]
    assert order == sorted(order), "newest event time first: shipping, then packing, then processing"
    assert "Shipping" in text_of(page) and "In transit" in text_of(page)

    only_packing = client.get(events_url(firm), query_string={"step": "packing"}).get_data(as_text=True)
    assert packed.event_id in only_packing and shipped.event_id not in only_packing
    by_type = client.get(events_url(firm), query_string={"type": "TransformationEvent"}).get_data(as_text=True)
    assert processed.event_id in by_type and packed.event_id not in by_type
    by_epc = client.get(events_url(firm), query_string={"epc": SSCC}).get_data(as_text=True)
    assert packed.event_id in by_epc and shipped.event_id not in by_epc


def test_event_page_tells_what_when_where_why(world, client, firm, recorded):
    shipped, packed, processed = recorded
    world.login(client, owner_of(firm))
    shown = text_of(client.get(f"{events_url(firm)}/{processed.event_id}"))
    assert "Transformation (processing)" in shown and "Commissioning" in shown
    assert "1,200 kg" in shown and SGTIN in shown
    assert "2026-08-10 08:00:00" in shown, "event time in Beijing time"
    packing = text_of(client.get(f"{events_url(firm)}/{packed.event_id}"))
    assert "Parent" in packing and SSCC in packing and "2026-08-12 23:00:00" in packing


def test_pages_render_in_chinese_and_english(world, client, firm, recorded):
    shipped = recorded[0]
    world.login(client, owner_of(firm))
    for locale, lang in (("zh_CN", "zh-CN"), ("en", "en")):
        client.post("/language", data={"locale": locale, "next": "/"})
        for url in (events_url(firm), f"{events_url(firm)}/{shipped.event_id}",
                    f"/enterprises/{firm.public_id}/epcis/captures"):
            page = client.get(url)
            assert page.status_code == 200 and f'<html lang="{lang}">' in page.get_data(as_text=True)


def test_capture_jobs_list_the_errors_of_each_refused_event(world, client, firm):
    broken = {k: v for k, v in aggregation_event().items() if k != "parentID"}
    services.capture(owner_of(firm), firm, document(object_event(), broken))
    world.login(client, owner_of(firm))
    shown = text_of(client.get(f"/enterprises/{firm.public_id}/epcis/captures"))
    assert "Failed, nothing stored" in shown and "Event 2: parentID" in shown


def test_another_enterprise_does_not_see_the_events(world, client, recorded):
    other = world.enterprise()
    world.login(client, owner_of(other))
    assert recorded[0].event_id not in client.get(events_url(other)).get_data(as_text=True)
    assert client.get(f"{events_url(other)}/{recorded[0].event_id}").status_code == 404


def test_older_events_are_on_the_next_page(world, client, firm):
    for n in range(32):
        services.record_event(firm.id, object_event(epc=f"urn:epc:id:sgtin:0614141.812345.{n}",
                                                    eventTime=f"2026-08-13T09:{n:02d}:00+08:00"), source="service")
    world.login(client, owner_of(firm))
    first = client.get(events_url(firm)).get_data(as_text=True)
    older = re.search(r'href="([^"]+)" rel="next"', first).group(1)
    second = client.get(html.unescape(older)).get_data(as_text=True)
    assert "2026-08-13 09:31:00" in first and "2026-08-13 09:02:00" in first and "09:01:00" not in first
    assert "2026-08-13 09:01:00" in second and "2026-08-13 09:00:00" in second and 'rel="next"' not in second


def test_a_regulator_reads_an_enterprises_events(world, client, firm, recorded):
    world.login(client, world.regulator())
    page = client.get(events_url(firm))
    assert page.status_code == 200 and recorded[1].event_id in page.get_data(as_text=True)
    assert client.get(f"{events_url(firm)}/{recorded[1].event_id}").status_code == 200


def captures_url(firm):
    return f"/enterprises/{firm.public_id}/epcis/captures"


def stored_and_jobs():
    return db.session.scalar(select(func.count(EpcisEvent.id))), db.session.scalar(select(func.count(EpcisCapture.id)))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_an_operator_captures_an_uploaded_document(world, client, firm, locale):
    operator = world.member(firm, "logistics_operator")
    world.login(client, operator)
    client.post("/language", data={"locale": locale, "next": "/"})
    body = json.dumps(document(object_event(), aggregation_event())).encode()
    page = client.post(captures_url(firm), data={"file": (io.BytesIO(body), "events.json"), "behaviour": "rollback"},
                       content_type="multipart/form-data", follow_redirects=True)
    assert page.status_code == 200
    assert stored_and_jobs() == (2, 1)
    job = services.captures_of(firm)[0]
    assert job.status == "succeeded" and job.stored_count == 2
    assert job.public_id in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AuditRecord.sequence)).where(AuditRecord.action == "epcis.captured")) == 1
    again = client.post(captures_url(firm), data={"pasted": body.decode()}, follow_redirects=True)
    assert again.status_code == 200 and stored_and_jobs() == (2, 2), "the same events again are duplicates"
    assert services.captures_of(firm)[0].duplicate_count == 2


def test_a_pasted_document_with_an_invalid_event_shows_each_refusal(world, client, firm):
    world.login(client, owner_of(firm))
    broken = {k: v for k, v in aggregation_event().items() if k != "parentID"}
    pasted = json.dumps(document(object_event(), broken))
    page = client.post(captures_url(firm), data={"pasted": pasted}, follow_redirects=True)
    assert "Failed, nothing stored" in text_of(page) and "Event 2: parentID" in text_of(page)
    assert stored_and_jobs() == (0, 1), "all or nothing by default"
    kept = client.post(captures_url(firm), data={"pasted": pasted, "behaviour": "proceed"}, follow_redirects=True)
    assert "Partly stored" in text_of(kept) and "1 stored" in text_of(kept)
    assert stored_and_jobs() == (1, 2)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("data", [
    {"pasted": "{not json"},
    {"pasted": "[1, 2]"},
    {"pasted": '{"type": "EPCISDocument"}'},
    {},
])
def test_a_document_that_cannot_be_read_comes_back_on_the_form(world, client, firm, locale, data):
    world.login(client, owner_of(firm))
    client.post("/language", data={"locale": locale, "next": "/"})
    page = client.post(captures_url(firm), data=data)
    assert page.status_code in (400, 422)
    assert 'class="alert alert-error"' in page.get_data(as_text=True) or "field-error" in page.get_data(as_text=True)
    assert stored_and_jobs() == (0, 0)


def test_over_the_limits_is_refused_and_nothing_stored(app, world, client, firm, monkeypatch):
    world.login(client, owner_of(firm))
    monkeypatch.setitem(app.config, "EPCIS_CAPTURE_LIMIT", 1)
    page = client.post(captures_url(firm), data={"pasted": json.dumps(document(object_event(), aggregation_event()))})
    assert page.status_code == 413 and "at most 1 events" in text_of(page)
    monkeypatch.setitem(app.config, "EPCIS_CAPTURE_LIMIT", 1000)
    monkeypatch.setitem(app.config, "EPCIS_CAPTURE_FILE_SIZE_LIMIT", 100)
    page = client.post(captures_url(firm), data={"pasted": json.dumps(document(object_event()))})
    assert page.status_code == 422 and "at most 100 bytes" in text_of(page)
    assert stored_and_jobs() == (0, 0)


def test_a_member_who_is_not_an_operator_may_not_capture(world, client, firm):
    viewer = world.member(firm, "viewer")
    world.login(client, viewer)
    assert 'name="pasted"' not in client.get(captures_url(firm)).get_data(as_text=True)
    assert client.post(captures_url(firm), data={"pasted": json.dumps(document(object_event()))}).status_code == 403
    assert stored_and_jobs() == (0, 0)


def test_another_enterprises_job_is_not_shown(world, client, firm):
    services.capture(owner_of(firm), firm, document(object_event()))
    job = services.captures_of(firm)[0]
    other = world.enterprise(kinds=("logistics",))
    world.login(client, owner_of(other))
    assert client.get(captures_url(other), query_string={"job": job.public_id}).status_code == 404


def test_the_events_page_costs_the_same_queries_for_a_full_page(world, client, firm):
    world.login(client, owner_of(firm))

    def record(count, first):
        for n in range(first, first + count):
            services.record_event(firm.id, object_event(epc=f"urn:epc:id:sgtin:0614141.812345.{n}",
                                                        eventTime=f"2026-08-13T09:{n:02d}:00+08:00"),
                                  source="service")

    def queries_of_the_page():
        statements = []
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(events_url(firm)).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        return len(statements)

    record(2, 0)
    few = queries_of_the_page()
    record(20, 2)
    assert queries_of_the_page() == few


def test_a_jobs_refusals_are_shown_in_the_readers_language(world, client, firm):
    world.login(client, owner_of(firm))
    pasted = json.dumps(document(object_event(bizStep="shipping_somewhere")))
    client.post(captures_url(firm), data={"pasted": pasted})
    client.post("/language", data={"locale": "zh_CN", "next": "/"})
    chinese = text_of(client.get(captures_url(firm)))
    client.post("/language", data={"locale": "en", "next": "/"})
    english = text_of(client.get(captures_url(firm)))
    assert "'shipping_somewhere' 不是 CBV 2.0" in chinese
    assert "'shipping_somewhere' is not a CBV 2.0" in english


def test_a_forged_page_link_shows_the_events_page_again_with_the_reason(world, client, firm):
    world.login(client, owner_of(firm))
    page = client.get(f"/enterprises/{firm.public_id}/epcis/events?cursor=forged", headers={"Accept-Language": "en"})
    assert page.status_code == 422
    assert 'class="alert alert-error"' in page.get_data(as_text=True) and "EPCIS events" in text_of(page)
