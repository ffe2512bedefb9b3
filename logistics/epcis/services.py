"""EPCIS use cases: record one event, capture a document of events, post one event, query events.

Events are never changed. Every event is stored under its canonical hash, so the same event
arriving twice (a repeated capture, a reader batch sent again) is stored once; a correction is a
new event carrying an ``errorDeclaration``.
"""
import uuid
from datetime import timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from logistics.epcis import document as epcis_document
from logistics.epcis.document import InvalidEvent
from logistics.epcis.hashing import storage_key
from logistics.epcis.models import EpcisEvent, EpcisEventIdentifier
from logistics.shipments import progress
from marketplace.database import transaction, utcnow
from marketplace.extensions import db

SOURCES = ("capture", "sighting", "service")


def _record_time(moment):
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _by_hash(key):
    return db.session.scalar(select(EpcisEvent).where(EpcisEvent.event_hash == key))


def _by_event_id(event_id):
    return db.session.scalar(select(EpcisEvent).where(EpcisEvent.event_id == event_id))


def record_event(enterprise_id, event, *, source, capture_id=None):
    """Store one EPCIS 2.0 JSON event for ``enterprise_id`` (internal id) unless it is stored already.

    :return: ``(event, True)`` for a new event, ``(existing, False)`` when an event with the same
        canonical hash is stored (whoever stored it; nothing changes then).
    :raises InvalidEvent: with ``errors`` {field path: message}; nothing is stored.

    The event is normalised first (bare CBV words, pure-identity EPCs); an absent eventID becomes
    a ``urn:uuid``; recordTime is set here. An error declaration repeating the eventID of the
    event it declares erroneous (the EPCIS 2.0 way) is stored under a new eventID of its own.
    Joins the caller's transaction; a new event is handed to ``progress.on_event`` inside it.
    No audit record is written here: each caller records its own use case.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    normal = epcis_document.normalise(event)
    key = storage_key(normal)
    with transaction():
        existing = _by_hash(key)
        if existing is not None:
            return existing, False
        event_id = normal.get("eventID")
        if event_id is None or _by_event_id(event_id) is not None:
            if event_id is not None and not normal.get("errorDeclaration"):
                raise InvalidEvent({"eventID": f"{event_id} already names another event"})
            event_id = f"urn:uuid:{uuid.uuid4()}"
        now = utcnow()
        stored_document = dict(normal, eventID=event_id, recordTime=_record_time(now))
        stored = EpcisEvent(
            event_id=event_id, event_hash=key, type=normal["type"], action=normal.get("action"),
            event_time=epcis_document.parse_time(normal["eventTime"]).astimezone(timezone.utc),
            event_time_zone_offset=normal["eventTimeZoneOffset"], record_time=now,
            biz_step=normal.get("bizStep"), disposition=normal.get("disposition"),
            read_point=(normal.get("readPoint") or {}).get("id"),
            biz_location=(normal.get("bizLocation") or {}).get("id"),
            declares_error=bool(normal.get("errorDeclaration")), document=stored_document,
            source=source, enterprise_id=enterprise_id, capture_id=capture_id,
            identifiers=[EpcisEventIdentifier(role=role, value=value, qualifier=qualifier)
                         for role, value, qualifier in epcis_document.identifiers_of(normal)],
        )
        try:
            with db.session.begin_nested():
                db.session.add(stored)
                db.session.flush()
        except IntegrityError:
            # Another request stored the same event between our look-up and our insert.
            existing = _by_hash(key)
            if existing is None:
                raise
            return existing, False
        progress.on_event(stored)
    return stored, True
