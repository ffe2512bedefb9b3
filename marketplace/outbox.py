"""The transactional outbox: a change and the event announcing it commit together or not at all.

Consumers (the search indexer now; payments, credit and oversight later) each record which
events they have handled, so one consumer's progress never hides an event from another, and a
consumer that crashes mid-batch handles the batch again (handlers must be idempotent).
"""
import hashlib
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, transaction, utcnow
from marketplace.extensions import db


class OutboxEvent(db.Model):
    __tablename__ = "outbox_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(80), index=True)
    aggregate_type: Mapped[str] = mapped_column(String(40))
    aggregate_id: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(BigInteger().with_variant(db.Integer, "sqlite"))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxConsumption(db.Model):
    """That ``consumer`` has handled ``event_id``; written in the consumer's own transaction."""

    __tablename__ = "outbox_consumptions"

    consumer: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id", ondelete="CASCADE"), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def emit(topic, aggregate_type, aggregate_id, version, payload=None):
    """Record an event inside the caller's transaction (call it from within ``transaction()``)."""
    db.session.add(OutboxEvent(topic=topic, aggregate_type=aggregate_type, aggregate_id=aggregate_id,
                               version=version, payload=payload or {}))


def _lock_key(consumer):
    return int.from_bytes(hashlib.sha256(f"outbox:{consumer}".encode()).digest()[:8], "big", signed=True)


def _pending(session, consumer, topics, limit):
    """The oldest ``limit`` events of ``topics`` that ``consumer`` has not handled, once it holds its lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_lock_key(consumer))))
    done = exists().where(OutboxConsumption.consumer == consumer, OutboxConsumption.event_id == OutboxEvent.id)
    return session.scalars(select(OutboxEvent).where(OutboxEvent.topic.in_(topics), ~done)
                           .order_by(OutboxEvent.id).limit(limit)).all()


def drain(consumer, topics, handle, batch_size=100):
    """Hand every event of ``topics`` that ``consumer`` has not handled yet to ``handle(event)``, oldest first.

    Each event is handled in its own transaction together with its consumption record, so a crash
    handles it again and ``handle`` must be idempotent; on PostgreSQL an advisory lock per consumer
    keeps two drainers from handling the same event at once. :return: how many events were handled.
    """
    handled = 0
    while handled < batch_size:
        with transaction() as session:
            events = _pending(session, consumer, topics, 1)
            if not events:
                return handled
            handle(events[0])
            session.add(OutboxConsumption(consumer=consumer, event_id=events[0].id, handled_at=utcnow()))
        handled += 1
    return handled


def drain_in_batches(consumer, topics, handle_batch, batch_size=500):
    """Like ``drain``, but ``batch_size`` events at a time, each batch in one transaction with its consumption rows.

    For consumers whose work is cheaper by the batch (a bulk index write, one market scan).
    ``handle_batch(events)`` returns the events it handled (None: all of them); the others stay pending and
    draining stops when a batch handles none. :return: how many events were handled.
    """
    handled = 0
    while True:
        with transaction() as session:
            events = _pending(session, consumer, topics, batch_size)
            if not events:
                return handled
            done = handle_batch(events)
            done = events if done is None else done
            if done:
                insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
                now = utcnow()
                session.execute(insert(OutboxConsumption).values(
                    [{"consumer": consumer, "event_id": event.id, "handled_at": now} for event in done])
                    .on_conflict_do_nothing())
        if not done:
            return handled
        handled += len(done)
