"""The MQTT subscriber: each message a reader publishes on ``binhai/readers/<reader id>/reads`` is
ingested like an HTTP batch (transport ``mqtt``).

Nothing published is lost while we are away: the subscription is QoS 1 on a persistent session
(a fixed client id per installation and role, ``clean_session`` False), so the broker keeps the
messages for us across our restarts, and across its own when it persists its state. The client
reconnects by itself after the broker comes back. A message is acknowledged only once its batch is
committed; a batch the database could not take stays unacknowledged and the broker delivers it
again on the next connection. A batch sent twice changes nothing (the batch digest), so delivery
more than once is harmless. A message for an unknown or retired reader, or a body that is not a
valid batch, is logged and acknowledged: sending it again would not make it valid. So is a batch
that met a fault of ours (logged with its digest), which must neither end the network thread nor
come back forever.
"""
import hashlib
import logging
import threading
from urllib.parse import urlsplit

import paho.mqtt.client as paho
from sqlalchemy.exc import SQLAlchemyError

from logistics.readers import services
from marketplace.errors import DomainError
from marketplace.extensions import db

log = logging.getLogger(__name__)

TOPICS = "binhai/readers/+/reads"
QOS = 1


def installation_client_id(app, role):
    """One fixed client id per installation (its database) and role, so the broker keeps our session."""
    digest = hashlib.sha256(str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()).hexdigest()[:16]
    return f"binhai-readers-{digest}-{role}"


def subscribes(app, by_default):
    """Whether a process subscribes: only with ``MQTT_URL`` set, then as ``MQTT_SUBSCRIBE`` says, else ``by_default``."""
    if not app.config.get("MQTT_URL"):
        return False
    wanted = app.config.get("MQTT_SUBSCRIBE")
    return by_default if wanted is None else bool(wanted)


def reader_of_topic(topic):
    """The reader public id in ``binhai/readers/<id>/reads``, or None for another topic."""
    parts = topic.split("/")
    if len(parts) == 4 and parts[:2] == ["binhai", "readers"] and parts[3] == "reads" and parts[2]:
        return parts[2]
    return None


class ReadSubscriber:
    """Subscribes to every reader's topic on its own network thread until stopped."""

    def __init__(self, app, role="worker", url=None, client_id=None, reconnect_max_seconds=30):
        self.app = app
        self.url = urlsplit(url or app.config["MQTT_URL"])
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id or
                                  installation_client_id(app, role), clean_session=False,
                                  protocol=paho.MQTTv311, manual_ack=True)
        if self.url.username:
            self.client.username_pw_set(self.url.username, self.url.password)
        if self.url.scheme == "mqtts":
            self.client.tls_set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=reconnect_max_seconds)
        self.client.on_connect = self._connected
        self.client.on_disconnect = self._disconnected
        self.client.on_message = self._received
        self.client.on_subscribe = self._subscribed
        self.subscribed = threading.Event()  # set once the broker confirmed the subscription

    def start(self):
        """Connect in the background (retrying until the broker answers) and keep the session."""
        default_port = 8883 if self.url.scheme == "mqtts" else 1883
        self.client.connect_async(self.url.hostname or "127.0.0.1", self.url.port or default_port, keepalive=30)
        self.client.loop_start()
        return self

    def stop(self):
        self.client.disconnect()
        self.client.loop_stop()

    def _connected(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.warning("MQTT broker refused the reads subscriber: %s", reason_code)
            return
        client.subscribe(TOPICS, qos=QOS)
        log.info("subscribed to %s (session %s)", TOPICS,
                 "resumed" if flags.session_present else "new")

    def _subscribed(self, client, userdata, mid, reason_codes, properties):
        if not any(code.is_failure for code in reason_codes):
            self.subscribed.set()

    def _disconnected(self, client, userdata, flags, reason_code, properties):
        if reason_code != 0:
            log.warning("MQTT broker connection lost (%s); reconnecting", reason_code)

    def _received(self, client, userdata, message):
        if self.ingest(message.topic, message.payload):
            client.ack(message.mid, message.qos)

    def ingest(self, topic, payload):
        """Ingest one message; :return: whether it is settled (stored, duplicate, or refused for good)."""
        public_id = reader_of_topic(topic)
        with self.app.app_context():
            try:
                reader = services.reader_by_public_id(public_id) if public_id else None
                if reader is None:
                    log.warning("reads on %s dropped: no such live reader", topic)
                    return True
                services.ingest(reader, payload, None, "mqtt")
                return True
            except DomainError as refused:
                log.warning("reads on %s refused: %s %s", topic, refused.message, refused.errors)
                return True
            except SQLAlchemyError as error:
                log.warning("reads on %s wait for redelivery: %s", topic, error)
                db.session.rollback()
                return False
            except Exception:  # a fault of ours must not end the network thread, nor come back forever
                log.exception("reads on %s dropped (body sha256 %s)", topic, hashlib.sha256(payload).hexdigest())
                db.session.rollback()
                return True
            finally:
                db.session.remove()
