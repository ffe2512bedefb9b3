"""Reader use cases: read points, readers and their device tokens, antennas, and the ingestion of raw reads.

Only a verified logistics enterprise registers readers; every change of a read point, reader or
antenna is audited. A device token is shown once and only its SHA-256 is stored.

Ingestion (``ingest``) is one transaction per batch that first takes the reader's row (a write lock
on SQLite), so two batches of one reader fold into its sightings one after the other. A batch sent twice (same body) changes
nothing. Raw reads are never stored one by one: they are smoothed into sightings (see
``readers.smoothing``) with a handful of bulk statements per batch, whatever its size; a business
event is made once per sighting, when it first reaches ``RFID_MIN_READS``.
"""
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update

from logistics import identifiers
from logistics.epcis.document import BIZ_STEPS, DISPOSITIONS
from logistics.epcis.services import beijing_time, record_events
from logistics.identifiers import UnknownEpc
from logistics.readers import context, payloads, smoothing
from logistics.readers.models import Antenna, ReadBatch, Reader, ReadPoint, Sighting
from marketplace.accounts import lifecycle
from marketplace.accounts.credentials import DEVICE_TOKEN_PREFIX, fingerprint, new_api_token
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import translated

LOGISTICS = "logistics"
OPEN, SEEN, STRAY = "open", "seen", "stray"


# --- read points, readers, antennas -----------------------------------------------------------------

class NotALogisticsFirm(DomainError):
    """The enterprise is not a verified logistics firm, so it has no readers or read points to manage."""


def _ensure_may_register(enterprise):
    """:raise NotALogisticsFirm: unless ``enterprise`` is a verified logistics firm."""
    if LOGISTICS not in enterprise.kind_names or not lifecycle.may_trade(enterprise.status):
        raise NotALogisticsFirm(_("Only a verified logistics enterprise registers readers and read points."))


def _required(value, field, errors):
    value = (value or "").strip()
    if not value:
        errors[field] = [_("This field is required.")]
    return value


def _sgln(value, field, errors):
    try:
        epc = identifiers.from_uri(value)
    except identifiers.InvalidIdentifier as error:
        errors[field] = [translated(error.message)]
        return None
    if epc.kind != "sgln":
        errors[field] = [_("A read point is a location: give an SGLN (urn:epc:id:sgln:…).")]
        return None
    return epc.pure_identity_uri


def register_read_point(user, enterprise, *, name, sgln, biz_step, disposition=None, biz_location=None,
                        port_event=None, unlocode=None, facility=""):
    """A read point (an SGLN) with the business context of its reads.

    :raise InvalidInput: for a malformed SGLN, a word that is not CBV 2.0, an unknown port event or
        UN/LOCODE, or an SGLN already registered.
    """
    _ensure_may_register(enterprise)
    errors = {}
    name = _required(name, "name", errors)
    sgln = _sgln((sgln or "").strip(), "sgln", errors) if (sgln or "").strip() else _required("", "sgln", errors)
    biz_location = _sgln(biz_location.strip(), "biz_location", errors) if (biz_location or "").strip() else None
    biz_step = (biz_step or "").strip()
    if biz_step not in BIZ_STEPS:
        errors["biz_step"] = [_("Not a CBV 2.0 business step (e.g. shipping, receiving, loading).")]
    disposition = (disposition or "").strip() or None
    if disposition is not None and disposition not in DISPOSITIONS:
        errors["disposition"] = [_("Not a CBV 2.0 disposition (e.g. in_transit, in_progress).")]
    port_event = (port_event or "").strip().upper() or None
    if port_event is not None and port_event not in context.PORT_EVENTS:
        errors["port_event"] = [_("One of %(codes)s.", codes=", ".join(context.PORT_EVENTS))]
    if (unlocode or "").strip():
        try:
            unlocode = identifiers.unlocode(unlocode)
        except identifiers.InvalidIdentifier as error:
            errors["unlocode"] = [translated(error.message)]
    else:
        unlocode = None
    if sgln and db.session.scalar(select(ReadPoint.id).where(ReadPoint.sgln == sgln)) is not None:
        errors["sgln"] = [_("This SGLN is already a read point.")]
    if errors:
        raise InvalidInput(_("The read point was not registered: check the fields."), errors)
    with transaction() as session:
        point = ReadPoint(enterprise_id=enterprise.id, name=name[:100], sgln=sgln, biz_location=biz_location,
                          biz_step=biz_step, disposition=disposition, port_event=port_event, unlocode=unlocode,
                          facility=(facility or "").strip()[:100])
        session.add(point)
        session.flush()
        record("read_point.registered", actor=user.public_id, enterprise=enterprise.public_id,
               target=point.public_id, after={"sgln": sgln, "biz_step": biz_step, "disposition": disposition,
                                              "port_event": port_event, "unlocode": unlocode})
    return point


def register_reader(user, enterprise, *, name, model=""):
    """:return: ``(reader, plain token)``; the plain token is shown once and never stored."""
    _ensure_may_register(enterprise)
    errors = {}
    name = _required(name, "name", errors)
    if errors:
        raise InvalidInput(_("The reader was not registered: check the fields."), errors)
    plain, prefix, digest = new_api_token(DEVICE_TOKEN_PREFIX)
    with transaction() as session:
        reader = Reader(enterprise_id=enterprise.id, name=name[:100], model=(model or "").strip()[:60],
                        token_prefix=prefix, token_hash=digest)
        session.add(reader)
        session.flush()
        record("reader.registered", actor=user.public_id, enterprise=enterprise.public_id, target=reader.public_id,
               after={"name": reader.name, "model": reader.model, "token_prefix": prefix})
    return reader, plain


def reader_of(enterprise, public_id, *, lock=False):
    """:raise NotFound: unless ``enterprise`` has a reader with this public id."""
    statement = select(Reader).where(Reader.public_id == public_id, Reader.enterprise_id == enterprise.id)
    reader = db.session.scalar(lock_for_update(statement) if lock else statement)
    if reader is None:
        raise NotFound(_("No such reader."))
    return reader


def _live(reader):
    if reader.retired_at is not None:
        raise InvalidInput(_("This reader is retired."), {"reader": [_("This reader is retired.")]})


def rotate_token(user, enterprise, reader_public_id):
    """A new device token for a live reader; the old one stops working at once. :return: ``(reader, plain)``."""
    _ensure_may_register(enterprise)
    plain, prefix, digest = new_api_token(DEVICE_TOKEN_PREFIX)
    with transaction():
        reader = reader_of(enterprise, reader_public_id, lock=True)
        _live(reader)
        before = reader.token_prefix
        reader.token_prefix, reader.token_hash = prefix, digest
        record("reader.token_rotated", actor=user.public_id, enterprise=enterprise.public_id,
               target=reader.public_id, before={"token_prefix": before}, after={"token_prefix": prefix})
    return reader, plain


def retire_reader(user, enterprise, reader_public_id):
    """The reader's token stops working; its sightings stay. Safe to repeat."""
    with transaction():
        reader = reader_of(enterprise, reader_public_id, lock=True)
        if reader.retired_at is None:
            reader.retired_at = utcnow()
            record("reader.retired", actor=user.public_id, enterprise=enterprise.public_id, target=reader.public_id)
    return reader


def bind_antenna(user, enterprise, reader_public_id, port, read_point_public_id):
    """Bind an antenna port of a live reader to one of the enterprise's read points (rebinding moves it).

    Reads already smoothed keep the read point they had; later ones take the new one.
    """
    _ensure_may_register(enterprise)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 64:
        raise InvalidInput(_("An antenna port is a number from 1 to 64."),
                           {"port": [_("An antenna port is a number from 1 to 64.")]})
    with transaction() as session:
        reader = reader_of(enterprise, reader_public_id, lock=True)
        _live(reader)
        point = session.scalar(select(ReadPoint).where(ReadPoint.public_id == read_point_public_id,
                                                       ReadPoint.enterprise_id == enterprise.id))
        if point is None:
            raise InvalidInput(_("No such read point."), {"read_point": [_("No such read point.")]})
        antenna = session.scalar(select(Antenna).where(Antenna.reader_id == reader.id, Antenna.port == port))
        before = None
        if antenna is None:
            antenna = Antenna(reader_id=reader.id, port=port, read_point_id=point.id)
            session.add(antenna)
        else:
            before = {"read_point": antenna.read_point.public_id}
            antenna.read_point_id = point.id
        session.flush()
        session.refresh(antenna)
        session.expire(reader, ["antennas"])
        record("reader.antenna_bound", actor=user.public_id, enterprise=enterprise.public_id, target=reader.public_id,
               before=before, after={"port": port, "read_point": point.public_id})
    return antenna


def reader_by_token(plain):
    """The live reader whose device token this is, or None (unknown, rotated or retired)."""
    if not plain:
        return None
    return db.session.scalar(select(Reader).where(Reader.token_hash == fingerprint(plain.strip()),
                                                  Reader.retired_at.is_(None)))


def reader_by_public_id(public_id):
    """The live reader with this public id (the one named in an MQTT topic), or None."""
    return db.session.scalar(select(Reader).where(Reader.public_id == public_id, Reader.retired_at.is_(None)))


def readers_of(enterprise):
    return db.session.scalars(select(Reader).where(Reader.enterprise_id == enterprise.id)
                              .order_by(Reader.retired_at.is_not(None), Reader.name, Reader.id)).all()


def read_points_of(enterprise):
    return db.session.scalars(select(ReadPoint).where(ReadPoint.enterprise_id == enterprise.id)
                              .order_by(ReadPoint.name, ReadPoint.id)).all()


@dataclass(frozen=True)
class Health:
    """How a reader is doing: reads per minute over the last hour (from its batches) and the latest activity."""

    reads_last_hour: int
    batches_last_hour: int
    last_read_at: object
    last_batch_at: object

    @property
    def reads_per_minute(self):
        return self.reads_last_hour / 60


@dataclass(frozen=True)
class ReaderStatus:
    reader: Reader
    health: Health


def statuses_of(readers, now=None):
    """Each of ``readers`` with its health, in the same order."""
    health = health_of(readers, now)
    return [ReaderStatus(reader, health[reader.id]) for reader in readers]


def health_of(readers, now=None):
    """:return: {reader id: Health} for ``readers``, from one query over their last hour of batches."""
    since = (now or utcnow()) - timedelta(hours=1)
    ids = [reader.id for reader in readers]
    figures = {}
    if ids:
        figures = {row.reader_id: row for row in db.session.execute(
            select(ReadBatch.reader_id, func.coalesce(func.sum(ReadBatch.read_count), 0).label("reads"),
                   func.count().label("batches"))
            .where(ReadBatch.reader_id.in_(ids), ReadBatch.received_at > since).group_by(ReadBatch.reader_id))}
    return {reader.id: Health(int(figures[reader.id].reads) if reader.id in figures else 0,
                              int(figures[reader.id].batches) if reader.id in figures else 0,
                              reader.last_read_at, reader.last_batch_at) for reader in readers}


def reads_per_minute(readers, now=None):
    """``(minutes, {reader id: [reads]})``: reads received in each of the last 60 minutes (oldest first),
    for the readers page's chart; ``minutes`` are the start of each minute, in UTC."""
    now = (now or utcnow()).replace(second=0, microsecond=0)
    minutes = [now - timedelta(minutes=back) for back in range(59, -1, -1)]
    counts = {reader.id: [0] * 60 for reader in readers}
    if counts:
        for reader_id, received_at, reads in db.session.execute(
                select(ReadBatch.reader_id, ReadBatch.received_at, ReadBatch.read_count)
                .where(ReadBatch.reader_id.in_(counts), ReadBatch.received_at >= minutes[0])):
            slot = int((received_at - minutes[0]).total_seconds() // 60)
            counts[reader_id][min(slot, 59)] += reads
    return minutes, counts


# --- ingestion ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Batch:
    """A body of raw reads as received (its SHA-256 digest) and as parsed."""

    digest: str
    format: str
    reads: list


def parse_batch(body, format=None):
    """Parse a reader's body in ``format`` (generic, zebra, impinj; None: told from its shape).

    :raise InvalidInput: with a message per bad field (``reads.3.timestamp``) for a body that is not a batch.
    """
    try:
        decoded = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(_("The body is not JSON: %(error)s", error=str(error)), {"body": [str(error)]}) from None
    format = format or context.payload_format(decoded)
    try:
        reads = payloads.parse(decoded, format)
    except payloads.BadPayload as error:
        raise InvalidInput(_("The batch was refused; nothing was stored."),
                           {field or "body": [translated(said)] for field, said in error.errors.items()}) from None
    return Batch(hashlib.sha256(body).hexdigest(), format, reads)


@dataclass(frozen=True)
class Ingested:
    """What one batch did: its id, its raw reads, how many had an unknown EPC header, the sightings it
    created or changed, and whether it was a batch already received (then nothing changed)."""

    batch: int
    reads: int
    unknown: int
    sightings: int
    duplicate: bool = False


def _decoded(hexes):
    """{hex: Epc | UnknownEpc}; :raise InvalidInput: naming every EPC that cannot be an EPC."""
    decoded, errors = {}, []
    for hexed in hexes:
        try:
            decoded[hexed] = identifiers.from_hex(hexed)
        except identifiers.MalformedEpc as error:
            errors.append(f"{hexed}: {translated(error.message)}")
    if errors:
        raise InvalidInput(_("The batch was refused, nothing was stored: %(count)d EPC(s) are malformed.",
                             count=len(errors)), {"epc": sorted(errors)})
    return decoded


def ingest(reader, body, format=None, transport="http", now=None):
    """Store one batch of raw reads from ``reader``, smoothed into its sightings; one transaction.

    ``body`` is the raw bytes as received, or the :class:`Batch` a caller parsed already (then
    ``format`` is not used); ``format`` is generic, zebra or impinj, or None to tell it from the
    body's shape. A batch this reader sent before (same digest) changes nothing. Event time is read
    time, record time is arrival: late and out-of-order reads fold in exactly as if they had come in
    order. An EPC with an unknown header is kept raw and flagged; a read on an antenna bound
    to no read point is kept without one. :return: :class:`Ingested`.
    :raise InvalidInput: for a body that is not a valid batch or holds a malformed EPC (nothing stored).
    """
    now = now or utcnow()
    batch = body if isinstance(body, Batch) else parse_batch(body, format)
    digest, format, reads = batch.digest, batch.format, batch.reads
    config = current_app.config
    window = timedelta(seconds=config["RFID_SMOOTHING_WINDOW_SECONDS"])
    with transaction() as session:
        # A write that changes nothing, as the lock: a row lock on PostgreSQL, the write lock on SQLite.
        last_read = session.execute(update(Reader).where(Reader.id == reader.id).values(
            reads_total=Reader.reads_total).returning(Reader.last_read_at)
            .execution_options(synchronize_session=False)).scalar()
        seen = session.scalar(select(ReadBatch.id).where(ReadBatch.reader_id == reader.id, ReadBatch.digest == digest))
        if seen is not None:  # looked up under the reader's lock, so a batch sent twice at once is seen too
            return Ingested(seen, 0, 0, 0, duplicate=True)
        fold = _Fold(session, reader, reads, window, config["RFID_MIN_READS"], now)
        changed = fold.run()
        first = min((read.read_at for read in reads), default=now)
        latest = max((read.read_at for read in reads), default=None)
        batch_id = session.execute(insert(ReadBatch).values(
            reader_id=reader.id, digest=digest, format=format, transport=transport, read_count=len(reads),
            unknown_count=fold.unknown_reads, first_read_at=first, last_read_at=latest or now, received_at=now,
        ).returning(ReadBatch.id)).scalar()
        if latest is not None and (last_read is None or latest > last_read):
            last_read = latest
        session.execute(update(Reader).where(Reader.id == reader.id).values(
            last_read_at=last_read, last_batch_at=now, reads_total=Reader.reads_total + len(reads)))
        fold.announce()
    return Ingested(batch_id, len(reads), fold.unknown_reads, changed)


class _Fold:
    """Folds one batch into the stored sightings of its reader: load, merge, write back, make events."""

    def __init__(self, session, reader, reads, window, min_reads, now):
        self.session, self.reader, self.window, self.min_reads, self.now = session, reader, window, min_reads, now
        # Every read belongs to this reader, whatever host name the payload carries.
        self.reads = [read if read.reader_id is None else
                      payloads.RawRead(read.epc_hex, read.antenna, read.rssi_dbm, read.read_at) for read in reads]
        self.unknown_reads = 0
        self.new_events = []  # (sighting id, read point, event)

    def run(self):
        """:return: how many sightings were created or changed."""
        if not self.reads:
            return 0
        keys = {(read.antenna, read.epc_hex) for read in self.reads}
        stored = self._stored(keys)
        epcs = {row.epc_hex: (row.epc_uri, row.unknown_header) for row in stored}
        fresh = _decoded(sorted({hexed for _, hexed in keys} - epcs.keys()))
        for hexed, epc in fresh.items():
            epcs[hexed] = (None, True) if isinstance(epc, UnknownEpc) else (epc.pure_identity_uri, False)
        self.unknown_reads = sum(1 for read in self.reads if epcs[read.epc_hex][1])
        points = self._read_points()
        missing = {row.read_point_id for row in stored} - {point.id for point in points.values()} - {None}
        points_by_id = {point.id: point for point in points.values()} | {
            point.id: point for point in self.session.scalars(select(ReadPoint).where(ReadPoint.id.in_(missing)))}
        rows_by_key = defaultdict(list)
        for row in stored:
            rows_by_key[(None, row.antenna, row.epc_hex)].append(row)
        state = smoothing.SmoothingState(self.window, {
            key: tuple(sorted((smoothing.Sighting(None, row.antenna, row.epc_hex, row.first_seen, row.last_seen,
                                                  row.read_count, row.peak_rssi_dbm) for row in rows),
                              key=lambda s: s.first_seen))
            for key, rows in rows_by_key.items()})
        state = smoothing.merge(state, sorted(self.reads, key=lambda read: read.read_at))
        inserts, updates, deletes, due = [], [], [], []
        for key in {(None, antenna, hexed) for antenna, hexed in keys}:
            rows = rows_by_key.get(key, [])
            for merged in state.by_key[key]:
                within = [row for row in rows if merged.first_seen <= row.first_seen and row.last_seen <= merged.last_seen]
                if len(within) == 1 and within[0].read_count == merged.read_count:
                    continue  # a stored sighting this batch did not touch
                keep = min(within, key=lambda row: (row.event_id is None, row.first_seen)) if within else None
                deletes.extend(row.id for row in within if row is not keep)
                point = points.get(merged.antenna) if keep is None else points_by_id.get(keep.read_point_id)
                values = self._values(merged, keep, epcs[merged.epc_hex], point)
                (updates if keep is not None else inserts).append(values)
                if self._makes_event(values, point):
                    due.append((values, point))
        self._make_events(due)
        if deletes:
            self.session.execute(delete(Sighting).where(Sighting.id.in_(deletes)))
        if updates:
            self.session.execute(update(Sighting), updates)
        if inserts:
            ids = self.session.scalars(insert(Sighting).returning(Sighting.id, sort_by_parameter_order=True),
                                       inserts).all()
            for values, new_id in zip(inserts, ids):
                values["id"] = new_id
        self.new_events = [(values["id"], point, event) for values, point, event in self.new_events]
        return len(inserts) + len(updates)

    def _stored(self, keys):
        """The reader's sightings of these EPCs that the batch's reads could join (within the window)."""
        first = min(read.read_at for read in self.reads) - self.window
        last = max(read.read_at for read in self.reads) + self.window
        hexes = sorted({hexed for _, hexed in keys})
        rows = []
        for start in range(0, len(hexes), 2000):
            rows.extend(self.session.execute(
                select(Sighting.id, Sighting.antenna, Sighting.epc_hex, Sighting.epc_uri, Sighting.unknown_header,
                       Sighting.first_seen, Sighting.last_seen, Sighting.read_count, Sighting.peak_rssi_dbm,
                       Sighting.event_id, Sighting.read_point_id)
                .where(Sighting.reader_id == self.reader.id, Sighting.epc_hex.in_(hexes[start:start + 2000]),
                       Sighting.last_seen > first, Sighting.first_seen < last)).all())
        return [row for row in rows if (row.antenna, row.epc_hex) in keys]

    def _read_points(self):
        return {port: point for port, point in self.session.execute(
            select(Antenna.port, ReadPoint).join(ReadPoint, Antenna.read_point_id == ReadPoint.id)
            .where(Antenna.reader_id == self.reader.id)).all()}

    def _values(self, merged, keep, epc, point):
        uri, unknown = epc
        enough = merged.read_count >= self.min_reads
        values = {"first_seen": merged.first_seen, "last_seen": merged.last_seen, "read_count": merged.read_count,
                  "peak_rssi_dbm": merged.peak_rssi_dbm, "status": SEEN if enough else OPEN, "departed_at": None}
        if keep is None:
            values.update(reader_id=self.reader.id, antenna=merged.antenna, epc_hex=merged.epc_hex, epc_uri=uri,
                          unknown_header=unknown, read_point_id=point.id if point else None, event_id=None,
                          recorded_at=self.now)
        else:
            values.update(id=keep.id, event_id=keep.event_id)
            values["epc_uri"] = uri
        return values

    @staticmethod
    def _makes_event(values, point):
        """Whether a sighting has just reached the minimum reads at a read point (its event is made once)."""
        return (values["status"] == SEEN and values["event_id"] is None and values["epc_uri"] is not None
                and point is not None)

    def _make_events(self, due):
        """The ObjectEvents of the sightings ``due`` (values, read point), recorded in one go."""
        if not due:
            return
        recorded = record_events(self.reader.enterprise_id, [observation(values, point) for values, point in due],
                                 source="sighting")
        for (values, point), (event, _created) in zip(due, recorded):
            values["event_id"] = event.id
            self.new_events.append((values, point, event))

    def announce(self):
        """Tell shipments about each sighting that made its event (inside this transaction)."""
        from logistics.shipments import progress

        if not self.new_events:
            return
        sightings = {s.id: s for s in self.session.scalars(
            select(Sighting).where(Sighting.id.in_([sighting_id for sighting_id, _, _ in self.new_events])))}
        progress.on_sightings([(sightings[sighting_id], point, event) for sighting_id, point, event in self.new_events])


def observation(sighting, point):
    """The EPCIS 2.0 ObjectEvent (OBSERVE) a sighting at ``point`` stands for, timed at its first read."""
    event = {
        "type": "ObjectEvent",
        **beijing_time(sighting["first_seen"]),
        "epcList": [sighting["epc_uri"]],
        "action": "OBSERVE",
        "bizStep": point.biz_step,
        "readPoint": {"id": point.sgln},
    }
    if point.disposition:
        event["disposition"] = point.disposition
    if point.biz_location:
        event["bizLocation"] = {"id": point.biz_location}
    return event


def close_sightings(now=None):
    """Close every sighting quiet for a whole window: a departure for one with enough reads, a stray otherwise.

    Idempotent; a late read may reopen a closed sighting later. :return: ``(departed, strays)`` counts.
    """
    now = now or utcnow()
    config = current_app.config
    quiet = now - timedelta(seconds=config["RFID_SMOOTHING_WINDOW_SECONDS"])
    with transaction() as session:
        departed = session.execute(
            update(Sighting).where(Sighting.departed_at.is_(None), Sighting.last_seen <= quiet,
                                   Sighting.read_count >= config["RFID_MIN_READS"])
            .values(departed_at=Sighting.last_seen, status=SEEN)).rowcount
        strays = session.execute(
            update(Sighting).where(Sighting.status == OPEN, Sighting.last_seen <= quiet,
                                   Sighting.read_count < config["RFID_MIN_READS"])
            .values(status=STRAY)).rowcount
    return departed, strays
