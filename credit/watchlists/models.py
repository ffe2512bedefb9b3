"""Watchlists: an enterprise follows counterparties' credit; signed webhooks tell its systems too."""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class Watch(db.Model):
    __tablename__ = "credit_watches"
    __table_args__ = (UniqueConstraint("watcher_enterprise_id", "watched_enterprise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watcher_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    watched_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    watcher: Mapped[Enterprise] = relationship(foreign_keys=[watcher_enterprise_id])
    watched: Mapped[Enterprise] = relationship(foreign_keys=[watched_enterprise_id])


class WebhookEndpoint(db.Model):
    """Where an enterprise wants credit news posted, signed with HMAC-SHA256 under ``secret``."""

    __tablename__ = "credit_webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cwh"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise: Mapped[Enterprise] = relationship()


class WebhookDelivery(db.Model):
    """One event for one endpoint, tried until delivered or given up; an event reaches an endpoint once."""

    __tablename__ = "credit_webhook_deliveries"
    __table_args__ = (UniqueConstraint("endpoint_id", "event_id"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cwd"))
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("credit_webhook_endpoints.id"), index=True)
    event_id: Mapped[int] = mapped_column(BIG_ID)  # the outbox event announcing the change
    topic: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    endpoint: Mapped[WebhookEndpoint] = relationship()
