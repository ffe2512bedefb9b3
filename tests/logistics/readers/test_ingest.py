"""Raw reads into sightings and business events, as the ingestion service stores them."""
import json
import random

import pytest
from sqlalchemy import func, select

from logistics.epcis.models import EpcisEvent
from logistics.readers import services
from logistics.readers.models import ReadBatch, Reader, Sighting
from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.logistics.readers.conftest import at, case_hex, case_uri, generic


def body(payload):
    return json.dumps(payload).encode()


def sightings():
    return db.session.execute(select(Sighting.antenna, Sighting.epc_hex, Sighting.first_seen, Sighting.last_seen,
                                     Sighting.read_count).order_by(Sighting.epc_hex, Sighting.first_seen)).all()


def test_reads_of_a_case_make_one_sighting_and_one_object_event(firm):
    outcome = services.ingest(firm.reader, body(generic(*[(case_hex(1), 1, s) for s in (0, 1, 2, 3)])))
    assert (outcome.reads, outcome.unknown, outcome.sightings, outcome.duplicate) == (4, 0, 1, False)
    sighting = db.session.scalars(select(Sighting)).one()
    assert (sighting.read_count, sighting.status, sighting.epc_uri) == (4, "seen", case_uri(1))
    assert sighting.read_point_id == firm.dock.id
    event = db.session.get(EpcisEvent, sighting.event_id)
    assert event.document["epcList"] == [case_uri(1)]
    assert event.document["eventTime"] == "2026-08-13T09:14:28.000+08:00"
    assert (event.action, event.biz_step, event.disposition, event.read_point, event.source) == (
        "OBSERVE", "shipping", "in_transit", firm.dock.sgln, "sighting")

    services.ingest(firm.reader, body(generic(*[(case_hex(1), 1, s) for s in (4, 5, 6)])))
    assert db.session.scalar(select(func.count()).select_from(EpcisEvent)) == 1
    assert db.session.scalar(select(Sighting.read_count)) == 7


def test_a_batch_sent_twice_changes_nothing(firm):
    payload = body(generic((case_hex(1), 1, 0), (case_hex(1), 1, 1)))
    first = services.ingest(firm.reader, payload)
    again = services.ingest(firm.reader, payload)
    assert again.duplicate and again.batch == first.batch
    assert db.session.scalar(select(Sighting.read_count)) == 2
    assert db.session.scalar(select(func.count()).select_from(ReadBatch)) == 1
    assert db.session.scalar(select(Reader.reads_total)) == 2


def test_a_malformed_epc_refuses_the_whole_batch(firm):
    bad = "30" + "0" * 10  # an SGTIN-96 header, far too short
    with pytest.raises(InvalidInput) as refused:
        services.ingest(firm.reader, body(generic((case_hex(1), 1, 0), (bad, 1, 1))))
    assert bad in refused.value.errors["epc"][0]
    assert db.session.scalar(select(func.count()).select_from(Sighting)) == 0
    assert db.session.scalar(select(func.count()).select_from(ReadBatch)) == 0


def test_an_unknown_header_is_kept_raw_and_flagged(firm):
    factory_default = "E2801160600002084F5A8A1C"
    outcome = services.ingest(firm.reader, body(generic((factory_default, 1, 0), (factory_default, 1, 1))))
    assert outcome.unknown == 2
    sighting = db.session.scalars(select(Sighting)).one()
    assert (sighting.epc_hex, sighting.epc_uri, sighting.unknown_header, sighting.event_id) == (
        factory_default, None, True, None)
    assert db.session.scalar(select(ReadBatch.unknown_count)) == 2


def test_late_and_out_of_order_batches_give_the_same_sightings(firm):
    reads = [(case_hex(n), 1, s) for n in (1, 2) for s in (0, 3, 6, 30, 33, 60)]
    services.ingest(firm.reader, body(generic(*reads)))
    in_order = sightings()
    db.session.execute(Sighting.__table__.delete())
    db.session.commit()
    shuffled = reads[:]
    random.Random(6).shuffle(shuffled)
    for part in (shuffled[:5], shuffled[5:6], shuffled[6:]):  # newest and oldest reads come late, in any order
        services.ingest(firm.reader, body(generic(*part)))
    assert sightings() == in_order
    assert [row.read_count for row in in_order] == [3, 2, 1, 3, 2, 1]


def test_a_late_read_bridges_two_sightings_into_one(firm):
    services.ingest(firm.reader, body(generic((case_hex(1), 1, 0), (case_hex(1), 1, 5))))
    services.ingest(firm.reader, body(generic((case_hex(1), 1, 20), (case_hex(1), 1, 24))))
    assert len(sightings()) == 2
    services.ingest(firm.reader, body(generic((case_hex(1), 1, 13))))
    assert [(row.first_seen, row.last_seen, row.read_count) for row in sightings()] == [(at(0), at(24), 5)]
    assert db.session.scalar(select(func.count()).select_from(EpcisEvent)) == 2  # made before the bridge; immutable
    assert db.session.scalar(select(Sighting.event_id)) is not None


def test_strays_are_closed_without_an_event_and_sightings_depart(firm):
    services.ingest(firm.reader, body(generic((case_hex(1), 1, 0), (case_hex(1), 1, 1), (case_hex(2), 1, 0))))
    assert services.close_sightings(now=at(5)) == (0, 0)
    assert services.close_sightings(now=at(11)) == (1, 1)
    seen, stray = db.session.scalars(select(Sighting).order_by(Sighting.epc_hex)).all()
    assert (seen.status, seen.departed_at, seen.event_id is not None) == ("seen", at(1), True)
    assert (stray.status, stray.departed_at, stray.event_id) == ("stray", None, None)
    assert services.close_sightings(now=at(60)) == (0, 0)


def test_a_read_on_an_unbound_antenna_is_kept_without_a_read_point(firm):
    outcome = services.ingest(firm.reader, body(generic((case_hex(1), 4, 0), (case_hex(1), 4, 1))))
    assert outcome.sightings == 1
    sighting = db.session.scalars(select(Sighting)).one()
    assert (sighting.read_point_id, sighting.status, sighting.event_id) == (None, "seen", None)


def test_reader_health_counts_reads_of_the_last_hour(firm):
    services.ingest(firm.reader, body(generic(*[(case_hex(n), 1, 0) for n in range(30)])), now=at(0))
    services.ingest(firm.reader, body(generic(*[(case_hex(n), 1, 2) for n in range(30)])), now=at(3600 + 60))
    health = services.health_of([firm.reader], now=at(3600 + 61))[firm.reader.id]
    assert (health.reads_last_hour, health.batches_last_hour, health.reads_per_minute) == (30, 1, 0.5)
    db.session.refresh(firm.reader)
    assert (firm.reader.reads_total, firm.reader.last_read_at, firm.reader.last_batch_at) == (60, at(2), at(3660))


def test_the_sighting_closer_job_closes_quiet_sightings(app, firm):
    from logistics.readers.jobs import SightingCloser

    services.ingest(firm.reader, body(generic((case_hex(1), 1, 0), (case_hex(1), 1, 1))))
    db.session.commit()
    SightingCloser(app).run_once()  # the reads are from August 2026, long quiet by now
    db.session.rollback()
    assert db.session.scalar(select(Sighting.departed_at)) == at(1)


def test_two_batches_of_one_reader_at_once_fold_into_one_sighting(app, firm):
    import threading

    reader_id = firm.reader.public_id
    db.session.commit()
    bodies = [body(generic(*[(case_hex(1), 1, s) for s in seconds])) for seconds in ((0, 1, 2), (3, 4))]
    failures = []

    def post(payload):
        with app.app_context():
            try:
                services.ingest(services.reader_by_public_id(reader_id), payload)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=post, args=(payload,)) for payload in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.rollback()
    assert not failures
    assert [row.read_count for row in sightings()] == [5]
    assert db.session.scalar(select(func.count()).select_from(EpcisEvent)) == 1
