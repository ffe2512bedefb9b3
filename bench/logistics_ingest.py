"""RFID ingestion end to end: raw reads per second, smoothed into sightings in the database.

Ours: a verified logistics firm's reader with four antennas on dock-door read points posts
generic JSON batches (``TAGS`` cases of rice, each read ``READS_PER_ANTENNA`` times by each of
the four antennas over a few seconds: ``TAGS * 4 * READS_PER_ANTENNA`` raw reads a batch). Each
batch goes the whole way: parse, batch digest, reader lock, the stored sightings it may join,
smoothing, EPC decoding, bulk writes of sightings, the batch row, the reader's figures. Two
situations, because they cost very differently:

* *dwell*: the same tags stay in the field (a shelf, a yard) and every batch extends the
  sightings it finds: no new business event (the first batch, which makes them, is not timed).
* *pass*: every batch is a new pallet passing the door, so each batch makes ``TAGS * 4`` new
  sightings and as many EPCIS ObjectEvents (validated, hashed, stored with their identifiers in
  one ``logistics.epcis.services.record_events`` call a batch, each handed to the shipment hooks).
  ``PASS_BATCHES`` of them (3), fewer than dwell batches since they are slower.

Transports: HTTP (``POST /api/v1/readers/reads`` through the Flask test client, device token
checked) and MQTT (published at QoS 1 to the local Mosquitto, ingested by our subscriber, timed
until the last batch is stored). Peer in the same run: the naive path that parses the same bodies
and inserts one row per raw read into a plain table (``bench_raw_reads``), one transaction a batch.
"""
import json
import os
import time
import uuid
from datetime import datetime, timedelta, timezone

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, Numeric, String, Table, func, select
from stdnum.cn import uscc

from bench.app_setup import build
from bench.measure import report

TAGS = int(os.environ.get("BENCH_RFID_TAGS", "500"))
READS_PER_ANTENNA = int(os.environ.get("BENCH_RFID_READS", "5"))
BATCHES = int(os.environ.get("BENCH_RFID_BATCHES", "10"))
PASS_BATCHES = int(os.environ.get("BENCH_RFID_PASS_BATCHES", "3"))
ANTENNAS = (1, 2, 3, 4)
MQTT_BROKER = ("127.0.0.1", 1883)
START = datetime(2026, 8, 13, 1, 0, tzinfo=timezone.utc)


def _firm():
    """A verified logistics firm, four dock-door read points, one reader with its antennas bound."""
    from logistics.readers import services as readers
    from marketplace.accounts import services

    operator = services.sign_up("rfid-operator@bench.local", "Bench Operator", "bench password 123")
    services.grant_platform_role(operator.email, "operator")
    owner = services.sign_up("rfid@bench.local", "Bench Logistics", "bench password 123")
    body = "91120116MA1000777"
    firm = services.register_enterprise(
        owner, body + uscc.calc_check_digit(body), ["logistics"], name_zh="滨海RFID基准物流", name_en="Binhai RFID Bench",
        region="teda", address="天津市滨海新区", contact_name="王芳", contact_phone="022-0000",
        contact_email="rfid@bench.local")
    services.change_enterprise_status(operator, firm.public_id, "verified")
    reader, token = readers.register_reader(owner, firm, name="Dock portal", model="Zebra FX9600")
    for antenna in ANTENNAS:
        point = readers.register_read_point(owner, firm, name=f"Dock door {antenna}",
                                            sgln=f"urn:epc:id:sgln:0614141.00777.{antenna}", biz_step="shipping",
                                            disposition="in_transit")
        readers.bind_antenna(owner, firm, reader.public_id, antenna, point.public_id)
    return reader, token


def _epcs(first_serial):
    from logistics.identifiers import sgtin

    return [sgtin("80614141123458", str(serial), 7, filter=3).hex for serial in range(first_serial,
                                                                                         first_serial + TAGS)]


def _batch(epcs, started):
    """One reader batch: every tag read READS_PER_ANTENNA times by each antenna, 0.2 s apart."""
    reads = []
    for step in range(READS_PER_ANTENNA):
        moment = started + timedelta(seconds=0.2 * step)
        for antenna in ANTENNAS:
            stamp = (moment + timedelta(milliseconds=antenna)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            reads.extend({"epc": epc, "antenna": antenna, "rssi": -52.5, "timestamp": stamp} for epc in epcs)
    return json.dumps({"reader_id": "dock-portal", "reads": reads}).encode()


def _bodies(situation, offset, count):
    """``count`` bodies: the same tags again and again (dwell) or a new pallet each time (pass)."""
    bodies = []
    for n in range(count):
        serial = 1 if situation == "dwell" else 1 + (offset + n) * TAGS
        bodies.append(_batch(_epcs(serial), START + timedelta(hours=offset, seconds=2 * n)))
    return bodies


def _reads(bodies):
    return sum(len(json.loads(body)["reads"]) for body in bodies)


def run(database_url, instance):
    app = build(database_url, instance)
    app.config["MQTT_SUBSCRIBE"] = False
    with app.test_request_context():
        reader, token = _firm()
        client = app.test_client()
        dwell = _bodies("dwell", 0, 2 * BATCHES + 1)
        _http(client, token, dwell[:1])  # the sightings the later batches extend
        rows = [("ours: HTTP batches, dwell (sightings extended)", _http(client, token, dwell[1:BATCHES + 1]))]
        mqtt_rate = _mqtt(app, reader, dwell[BATCHES + 1:])
        if mqtt_rate is not None:
            rows.append(("ours: MQTT QoS 1 batches, dwell (subscriber -> sightings)", mqtt_rate))
        passing = _bodies("pass", 1, PASS_BATCHES)
        rows.append((f"ours: HTTP batches, pass ({TAGS * len(ANTENNAS)} new sightings + events each)",
                     _http(client, token, passing)))
        rows.append(("peer: naive, parse + one INSERT per raw read", _naive(app, _bodies("pass", 2, BATCHES))))
        from logistics.readers.models import Sighting
        from marketplace.extensions import db

        sightings = db.session.scalar(select(func.count()).select_from(Sighting))
    per_batch = TAGS * len(ANTENNAS) * READS_PER_ANTENNA
    report(f"RFID reads ingested ({per_batch:,} raw reads a batch: {TAGS} tags x {len(ANTENNAS)} antennas x "
           f"{READS_PER_ANTENNA} reads; {sightings:,} sightings stored)", rows)


def _http(client, token, bodies):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    started = time.perf_counter()
    for body in bodies:
        response = client.post("/api/v1/readers/reads", data=body, headers=headers)
        assert response.status_code == 202, response.text
    return _reads(bodies) / (time.perf_counter() - started)


def _mqtt(app, reader, bodies):
    """Publish every batch at QoS 1, then wait until the subscriber has stored the last one."""
    import socket

    import paho.mqtt.client as paho

    from logistics.readers.models import ReadBatch
    from logistics.readers.mqtt import ReadSubscriber
    from marketplace.extensions import db

    try:
        socket.create_connection(MQTT_BROKER, timeout=1).close()
    except OSError:
        print(f"  (no MQTT broker on {MQTT_BROKER[0]}:{MQTT_BROKER[1]}: MQTT not measured)")
        return None
    subscriber = ReadSubscriber(app, url=f"mqtt://{MQTT_BROKER[0]}:{MQTT_BROKER[1]}",
                                client_id=f"binhai-bench-{uuid.uuid4().hex[:8]}").start()
    subscriber.subscribed.wait(30)
    publisher = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"bench-reader-{uuid.uuid4().hex[:8]}")
    publisher.connect(*MQTT_BROKER)
    publisher.loop_start()

    def stored():
        db.session.rollback()
        return db.session.scalar(select(func.count()).select_from(ReadBatch).where(ReadBatch.transport == "mqtt"))

    try:
        started = time.perf_counter()
        for body in bodies:
            publisher.publish(reader.mqtt_topic, body, qos=1)
        deadline = time.monotonic() + 300
        while stored() < len(bodies) and time.monotonic() < deadline:
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
    finally:
        publisher.disconnect()
        publisher.loop_stop()
        subscriber.stop()
    return _reads(bodies) / elapsed


def _naive(app, bodies):
    """The same bodies parsed, then one INSERT per raw read into a plain table; one transaction a batch."""
    from logistics.readers import payloads
    from marketplace.database import transaction
    from marketplace.extensions import db

    raw_reads = Table("bench_raw_reads", MetaData(), Column("id", BigInteger().with_variant(Integer, "sqlite"),
                                                           primary_key=True),
                      Column("epc_hex", String(128)), Column("antenna", Integer), Column("rssi", Numeric(6, 2)),
                      Column("read_at", DateTime(timezone=True)))
    with db.engine.begin() as connection:
        raw_reads.drop(connection, checkfirst=True)
        raw_reads.create(connection)
    started = time.perf_counter()
    for body in bodies:
        reads = payloads.parse(json.loads(body), "generic")
        with transaction() as session:
            for read in reads:
                session.execute(raw_reads.insert().values(epc_hex=read.epc_hex, antenna=read.antenna,
                                                          rssi=read.rssi_dbm, read_at=read.read_at))
    rate = _reads(bodies) / (time.perf_counter() - started)
    with db.engine.begin() as connection:
        raw_reads.drop(connection)
    return rate
