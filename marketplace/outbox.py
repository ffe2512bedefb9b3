"""The transactional outbox: a change and the event announcing it commit together or not at all.

Consumers (the search indexer now; payments, credit and oversight later) each record which
events they have handled, so one consumer's progress never hides an event from another, and a
consumer that crashes mid-batch handles the batch again (handlers must be idempotent).
"""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, utcnow
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
