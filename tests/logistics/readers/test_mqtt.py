"""Reads published over MQTT reach the sightings, also when the broker restarts in between.

Runs against real brokers: the local Mosquitto on 1883, and a private Mosquitto with persistence on
a free port for the restart. In CI both must be there; locally a missing broker skips.
"""
import getpass
import json
import os
import shutil
import socket
import subprocess
import time
import uuid

import paho.mqtt.client as paho
import pytest
from sqlalchemy import select

from logistics.readers.models import ReadBatch, Sighting
from logistics.readers.mqtt import ReadSubscriber
from marketplace.extensions import db
from tests.logistics.readers.conftest import case_hex, generic

IN_CI = os.environ.get("CI") == "true"
LOCAL_BROKER = ("127.0.0.1", 1883)
MOSQUITTO = "/usr/sbin/mosquitto"
DEADLINE_SECONDS = 30


def reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need(condition, why):
    if not condition and not IN_CI:
        pytest.skip(why)


def eventually(check, deadline=DEADLINE_SECONDS):
    """Poll ``check`` until it gives something true or the deadline passes (then fail)."""
    until = time.monotonic() + deadline
    while True:
        db.session.rollback()  # let the subscriber's writes be seen, and hold no lock meanwhile
        found = check()
        if found or time.monotonic() > until:
            return found
        time.sleep(0.05)


def publish(host, port, topic, payload, deadline=DEADLINE_SECONDS):
    """Publish at QoS 1 and wait for the broker's acknowledgement, retrying while the broker starts."""
    until = time.monotonic() + deadline
    while True:
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"test-reader-{uuid.uuid4().hex[:8]}")
        try:
            client.connect(host, port)
        except OSError:
            if time.monotonic() > until:
                raise
            time.sleep(0.05)
            continue
        client.loop_start()
        try:
            client.publish(topic, payload, qos=1).wait_for_publish(timeout=deadline)
        finally:
            client.disconnect()
            client.loop_stop()
        return


def subscriber(app, host, port):
    sub = ReadSubscriber(app, url=f"mqtt://{host}:{port}", client_id=f"binhai-test-{uuid.uuid4().hex[:12]}",
                         reconnect_max_seconds=2).start()
    assert sub.subscribed.wait(DEADLINE_SECONDS), "the subscriber never subscribed"
    return sub


def sightings_of(hexed):
    return db.session.scalars(select(Sighting).where(Sighting.epc_hex == hexed)).all()


def test_reads_published_over_mqtt_are_ingested(app, firm):
    need(reachable(*LOCAL_BROKER), "no MQTT broker on 127.0.0.1:1883")
    db.session.commit()
    sub = subscriber(app, *LOCAL_BROKER)
    try:
        publish(*LOCAL_BROKER, firm.reader.mqtt_topic,
                json.dumps(generic((case_hex(11), 1, 0), (case_hex(11), 1, 1))))
        found = eventually(lambda: sightings_of(case_hex(11)))
    finally:
        sub.stop()
    assert [(s.read_count, s.status, s.event_id is not None) for s in found] == [(2, "seen", True)]
    assert db.session.scalar(select(ReadBatch.transport)) == "mqtt"


@pytest.fixture
def private_broker(tmp_path):
    """A Mosquitto of our own with persistence on, which the test may stop and start again."""
    need(shutil.which(MOSQUITTO) or os.path.exists(MOSQUITTO), f"{MOSQUITTO} is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "mosquitto.conf"
    # Started as root, Mosquitto would switch to its own user, who cannot write to tmp_path.
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                      f"persistence_location {tmp_path}/\nuser {getpass.getuser()}\nlog_dest none\n")

    class Broker:
        process = None

        def start(self):
            self.process = subprocess.Popen([MOSQUITTO, "-c", str(config)], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL)
            until = time.monotonic() + DEADLINE_SECONDS
            while not reachable("127.0.0.1", port):
                assert time.monotonic() < until and self.process.poll() is None, "the private broker did not start"
                time.sleep(0.05)

        def stop(self):
            self.process.terminate()
            self.process.wait(DEADLINE_SECONDS)

    broker = Broker()
    broker.port = port
    broker.start()
    yield broker
    if broker.process.poll() is None:
        broker.stop()


def test_nothing_is_lost_when_the_broker_restarts(app, firm, private_broker):
    db.session.commit()
    sub = subscriber(app, "127.0.0.1", private_broker.port)
    try:
        private_broker.stop()
        private_broker.start()
        publish("127.0.0.1", private_broker.port, firm.reader.mqtt_topic,
                json.dumps(generic((case_hex(12), 1, 0), (case_hex(12), 1, 1), (case_hex(12), 1, 2))))
        found = eventually(lambda: sightings_of(case_hex(12)))
    finally:
        sub.stop()
    assert [s.read_count for s in found] == [3]


def test_a_message_for_an_unknown_reader_is_dropped(app, firm):
    db.session.commit()
    sub = ReadSubscriber(app, url="mqtt://127.0.0.1:1", client_id="binhai-test-unused")
    assert sub.ingest("binhai/readers/rdr_nosuchreader/reads", json.dumps(generic((case_hex(1), 1, 0)))) is True
    assert sub.ingest(firm.reader.mqtt_topic, b"{not json") is True
    assert db.session.scalar(select(ReadBatch.id)) is None
