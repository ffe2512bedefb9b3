"""EPCIS use cases: record one event, capture a document of events, post one event, query events.

Events are never changed. Every event is stored under its canonical hash, so the same event
arriving twice (a repeated capture, a reader batch sent again) is stored once; a correction is a
new event carrying an ``errorDeclaration``.
"""
import uuid
from datetime import datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite

from logistics.epcis import document as epcis_document
from logistics.epcis import queries
from logistics.epcis.document import InvalidEvent
from logistics.epcis.hashing import storage_key
from logistics.epcis.models import EpcisCapture, EpcisEvent, EpcisEventIdentifier
from logistics.messages import Message, message
from logistics.shipments import progress
from logistics.shipments.models import Shipment, ShipmentUnit
from marketplace.api import paginate
from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI, translated

SOURCES = ("capture", "sighting", "service")
_CHUNK = 500  # rows per statement, well within every driver's bind-parameter limit


def beijing_time(moment):
    """``eventTime`` and ``eventTimeZoneOffset`` of an event the platform makes itself, in Beijing time."""
    return {"eventTime": moment.astimezone(SHANGHAI).isoformat(timespec="milliseconds"),
            "eventTimeZoneOffset": "+08:00"}


def _record_time(moment):
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _stored_under(keys, event_ids):
    """The stored events with one of these hashes or eventIDs, in one query (in chunks for long lists)."""
    keys, event_ids = list(keys), list(event_ids)
    found = []
    for start in range(0, max(len(keys), len(event_ids)), _CHUNK):
        found += db.session.scalars(select(EpcisEvent).where(or_(
            EpcisEvent.event_hash.in_(keys[start:start + _CHUNK]),
            EpcisEvent.event_id.in_(event_ids[start:start + _CHUNK])))).all()
    return found


def _dialect_insert(table):
    return (postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)


def _row(normal, key, event_id, now, enterprise_id, source, capture_id):
    return {
        "event_id": event_id, "event_hash": key, "type": normal["type"], "action": normal.get("action"),
        "event_time": epcis_document.parse_time(normal["eventTime"]).astimezone(timezone.utc),
        "event_time_zone_offset": normal["eventTimeZoneOffset"], "record_time": now,
        "biz_step": normal.get("bizStep"), "disposition": normal.get("disposition"),
        "read_point": (normal.get("readPoint") or {}).get("id"),
        "biz_location": (normal.get("bizLocation") or {}).get("id"),
        "declares_error": bool(normal.get("errorDeclaration")),
        "document": dict(normal, eventID=event_id, recordTime=_record_time(now)),
        "source": source, "enterprise_id": enterprise_id, "capture_id": capture_id,
    }


def record_event(enterprise_id, event, *, source, capture_id=None):
    """Store one EPCIS 2.0 JSON event for ``enterprise_id`` (internal id) unless it is stored already.

    :return: ``(event, True)`` for a new event, ``(existing, False)`` when an event with the same
        canonical hash is stored (whoever stored it; nothing changes then).
    :raises InvalidEvent: with ``errors`` {field path: message}; nothing is stored.

    The event is normalised first (bare CBV words, pure-identity EPCs); an absent eventID becomes
    a ``urn:uuid``; recordTime is set here. An error declaration repeating the eventID of the
    event it declares erroneous (the EPCIS 2.0 way) is stored under a new eventID of its own.
    Joins the caller's transaction; a new event is handed to ``progress.on_events`` inside it.
    No audit record is written here: each caller records its own use case. The one-event case of
    :func:`record_events`.
    """
    (recorded,) = record_events(enterprise_id, [event], source=source, capture_id=capture_id)
    return recorded


def record_events(enterprise_id, events, *, source, capture_id=None):
    """Store many EPCIS 2.0 JSON events at once, exactly as :func:`record_event` one after the other would.

    :return: ``[(event, created)]`` in the order given. An event whose canonical hash is stored, or
        that repeats an earlier event of the list, is ``(existing, False)``; each event is stored once.
    :raises InvalidEvent: for the first event (in order) that is invalid or names an eventID already
        naming another event (an error declaration gets a new eventID instead); nothing is stored.

    The cost does not grow with a query per event: one look-up of the hashes and eventIDs already
    stored, one insert of the new events and one of their identifiers (in chunks of a few hundred),
    then ``progress.on_events`` with the new events in order. The same event stored at once by
    another transaction is stored once: the insert skips a hash stored meanwhile
    (``ON CONFLICT (event_hash) DO NOTHING``) and the event it lost to is read back instead.
    """
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}")
    normals = [epcis_document.normalise(event) for event in events]
    keys = [storage_key(normal) for normal in normals]
    with transaction():
        stored = _stored_under(set(keys), {n["eventID"] for n in normals if n.get("eventID") is not None})
        by_hash = {event.event_hash: event for event in stored}
        taken = {event.event_id for event in stored}
        now = utcnow()
        rows, claimed = {}, set()  # storage key → new row, in the order given
        for normal, key in zip(normals, keys):
            if key in by_hash or key in rows:
                continue
            event_id = normal.get("eventID")
            if event_id is None or event_id in taken or event_id in claimed:
                if event_id is not None and not normal.get("errorDeclaration"):
                    raise InvalidEvent({"eventID": message("%(event_id)s already names another event",
                                                             event_id=event_id)})
                event_id = f"urn:uuid:{uuid.uuid4()}"
            claimed.add(event_id)
            rows[key] = _row(normal, key, event_id, now, enterprise_id, source, capture_id)
        ours = _insert(list(rows.values()))
        lost = [key for key in rows if key not in ours]
        if lost:  # stored by another transaction between our look-up and our insert
            by_hash.update((event.event_hash, event) for event in _stored_under(lost, ()))
            if any(key not in by_hash for key in lost):
                raise RuntimeError("an event lost its insert to one that is not stored")
        new = {event.event_hash: event for event in _loaded(ours.values())}
        results, handed = [], set()
        for key in keys:
            if key in new and key not in handed:
                handed.add(key)
                results.append((new[key], True))
            else:
                results.append((new.get(key) or by_hash[key], False))
        progress.on_events([event for event, created in results if created])
    return results


def _insert(rows):
    """Insert the new events and their identifier rows; :return: {storage key: id} of the events inserted
    here (a hash another transaction stored meanwhile is skipped).

    Both are executemany statements, which SQLAlchemy sends as multi-row INSERTs of up to a
    thousand rows ("insertmanyvalues") from one compiled statement.
    """
    if not rows:
        return {}
    events = EpcisEvent.__table__
    statement = (_dialect_insert(events).on_conflict_do_nothing(index_elements=[events.c.event_hash])
                 .returning(events.c.id, events.c.event_hash))
    ours = {key: event_id for event_id, key in db.session.execute(statement, rows)}
    identifiers = [{"event_id": ours[row["event_hash"]], "role": role, "value": value, "qualifier": qualifier}
                   for row in rows if row["event_hash"] in ours
                   for role, value, qualifier in epcis_document.identifiers_of(row["document"])]
    if identifiers:
        db.session.execute(insert(EpcisEventIdentifier.__table__), identifiers)
    return ours


def _loaded(ids):
    ids = list(ids)
    found = []
    for start in range(0, len(ids), _CHUNK):
        found += db.session.scalars(select(EpcisEvent).where(EpcisEvent.id.in_(ids[start:start + _CHUNK]))).all()
    return found


# --- capture -------------------------------------------------------------------------------------

class CaptureTooLarge(DomainError):
    """A capture over the advertised limits (events per document or bytes); nothing was stored."""

    status = 413


def capture_limits():
    """(events per capture, bytes per capture) as advertised in the GS1-EPCIS-Capture-* headers."""
    return current_app.config["EPCIS_CAPTURE_LIMIT"], current_app.config["EPCIS_CAPTURE_FILE_SIZE_LIMIT"]


def _event_list(document):
    body = document.get("epcisBody") if isinstance(document, dict) else None
    events = body.get("eventList") if isinstance(body, dict) else None
    if not isinstance(events, list):
        raise InvalidInput(_("This is not an EPCIS document."),
                           {"epcisBody.eventList": [_("An EPCIS document carries its events in epcisBody.eventList.")]})
    return events


def _with_document_context(event, document):
    """An event keeps the document's extension namespaces, so extension fields hash the same anywhere."""
    context = document.get("@context")
    extra = [c for c in (context if isinstance(context, list) else [context]) if isinstance(c, dict)]
    if extra and isinstance(event, dict) and "@context" not in event:
        return {"@context": extra, **event}
    return event


def _errors_of(index, invalid):
    """A job's refused fields; each keeps its message's template and values, so the captures page can
    show it in the reader's language long after the job ran."""
    return [{"index": index, "field": field, "message": str(text),
             **({"template": text.template, "params": text.params} if _storable(text) else {})}
            for field, text in invalid.errors.items()]


def _storable(text):
    return isinstance(text, Message) and all(
        isinstance(value, (str, int, float, bool, type(None))) for value in text.params.values())


def capture(user, enterprise, document, rollback=True):
    """Capture an EPCISDocument's events for ``enterprise``; the job's outcome is kept on the returned capture.

    Every event is checked and each invalid one reported (``{index, field, message}``). With
    ``rollback`` (the default, GS1-Capture-Error-Behaviour: rollback) one invalid event stores
    none; otherwise the valid ones are stored. An event already stored (same canonical hash, also
    twice in one document) is counted as a duplicate and stored once.

    :raise CaptureTooLarge: over EPCIS_CAPTURE_LIMIT events; nothing is stored, no job is kept.
    :raise InvalidInput: when the document has no event list.
    """
    events = _event_list(document)
    limit = capture_limits()[0]
    if len(events) > limit:
        raise CaptureTooLarge(_("A capture takes at most %(limit)d events; this one has %(count)d.",
                                limit=limit, count=len(events)))
    with transaction() as session:
        job = EpcisCapture(enterprise_id=enterprise.id, rollback_on_error=rollback, event_count=len(events),
                           status="running", errors=[])
        session.add(job)
        session.flush()
        errors, valid = [], []
        for index, event in enumerate(events):
            try:
                epcis_document.normalise(event)
                valid.append((index, _with_document_context(event, document)))
            except InvalidEvent as invalid:
                errors += _errors_of(index, invalid)
        stored = duplicates = 0
        if not (errors and rollback):
            savepoint = session.begin_nested()
            for index, event in valid:
                try:
                    _event, created = record_event(enterprise.id, event, source="capture", capture_id=job.id)
                except InvalidEvent as invalid:
                    errors += _errors_of(index, invalid)
                    if rollback:
                        break
                    continue
                stored, duplicates = stored + created, duplicates + (not created)
            if errors and rollback:
                savepoint.rollback()
                stored = duplicates = 0
            else:
                savepoint.commit()
        job.errors = sorted(errors, key=lambda e: e["index"])
        job.stored_count, job.duplicate_count = stored, duplicates
        job.status = "failed" if errors and (rollback or not stored + duplicates) else (
            "partial" if errors else "succeeded")
        job.finished_at = utcnow()
        record("epcis.captured", actor=user.public_id if user else None, enterprise=enterprise.public_id,
               target=job.public_id, after={"status": job.status, "events": job.event_count, "stored": stored,
                                            "duplicates": duplicates, "invalid": len({e["index"] for e in errors})})
    return job


def post_event(user, enterprise, event):
    """Capture one event (``POST /epcis/events``): ``(event, True)`` when stored now, ``(existing, False)``
    when the same event is stored already (nothing changes then).

    :raise InvalidInput: with the event's field errors; nothing is stored.
    """
    try:
        with transaction():
            stored, created = record_event(enterprise.id, event, source="capture")
            if created:
                record("epcis.event_captured", actor=user.public_id if user else None,
                       enterprise=enterprise.public_id, target=stored.event_id,
                       after={"type": stored.type, "hash": stored.event_hash})
    except InvalidEvent as invalid:
        raise InvalidInput(_("The event is not valid EPCIS 2.0."),
                           {field: [translated(said)] for field, said in invalid.errors.items()}) from None
    return stored, created


# --- reading -------------------------------------------------------------------------------------

def visible_to(enterprise):
    """Which events an enterprise may read: those it captured, and those naming a unit of a
    shipment it sells, buys or carries."""
    parties = or_(Shipment.seller_enterprise_id == enterprise.id, Shipment.buyer_enterprise_id == enterprise.id,
                  Shipment.carrier_enterprise_id == enterprise.id)
    named = (select(EpcisEventIdentifier.event_id)
             .join(ShipmentUnit, ShipmentUnit.epc_uri == EpcisEventIdentifier.value)
             .join(Shipment, Shipment.id == ShipmentUnit.shipment_id)
             .where(parties))
    return or_(EpcisEvent.enterprise_id == enterprise.id, EpcisEvent.id.in_(named))


def event_for(enterprise, event_id):
    """One event by its eventID, if ``enterprise`` may read it.

    :raise NotFound: otherwise.
    """
    found = db.session.scalar(select(EpcisEvent).where(EpcisEvent.event_id == event_id, visible_to(enterprise)))
    if found is None:
        raise NotFound(_("No such EPCIS event."))
    return found


def capture_for(enterprise, public_id):
    """One capture job of ``enterprise``. :raise NotFound: for another enterprise's or an unknown job."""
    job = db.session.scalar(select(EpcisCapture).where(EpcisCapture.public_id == public_id,
                                                       EpcisCapture.enterprise_id == enterprise.id))
    if job is None:
        raise NotFound(_("No such capture job."))
    return job


def captures_of(enterprise, limit=50):
    """The enterprise's latest capture jobs, newest first."""
    return db.session.scalars(select(EpcisCapture).where(EpcisCapture.enterprise_id == enterprise.id)
                              .order_by(EpcisCapture.id.desc()).limit(limit)).all()


def query(enterprise, filters, per_page, page_token=None):
    """Events ``enterprise`` may read that match EPCIS query ``filters`` ({name: [values]}), in the order
    they were recorded, a page at a time: ``{"items": [...], "next_cursor": token | None}``.

    :raise InvalidInput: naming each unknown parameter or bad value, or for a forged page token.
    """
    statement = select(EpcisEvent).where(visible_to(enterprise), *queries.conditions(filters))
    return paginate(db.session, statement, EpcisEvent.id, per_page, page_token)


def _timeline_tokens():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="epcis-timeline")


def latest(enterprise, filters, per_page, cursor=None):
    """Like :func:`query`, newest event time first (late reader batches fall into place), for the pages.

    The cursor is signed and carries the last (event time, id) shown, so pages stay stable while
    events arrive.
    """
    statement = select(EpcisEvent).where(visible_to(enterprise), *queries.conditions(filters))
    if cursor:
        try:
            moment, last_id = _timeline_tokens().loads(cursor)
        except BadSignature:
            raise InvalidInput(_("The page link is not valid."), {"cursor": [_("Start from the first page.")]}) from None
        moment = datetime.fromisoformat(moment)
        statement = statement.where(or_(EpcisEvent.event_time < moment,
                                        and_(EpcisEvent.event_time == moment, EpcisEvent.id < last_id)))
    rows = db.session.scalars(statement.order_by(EpcisEvent.event_time.desc(), EpcisEvent.id.desc())
                              .limit(per_page + 1)).all()
    more, rows = len(rows) > per_page, rows[:per_page]
    next_cursor = _timeline_tokens().dumps([rows[-1].event_time.isoformat(), rows[-1].id]) if more else None
    return {"items": rows, "next_cursor": next_cursor}
