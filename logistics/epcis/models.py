from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class EpcisCapture(db.Model):
    """One capture job: a document of events accepted (202) and then stored all or nothing."""

    __tablename__ = "epcis_captures"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cap"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="running")  # running | succeeded | partial | failed
    rollback_on_error: Mapped[bool] = mapped_column(Boolean, default=True)
    event_count: Mapped[int] = mapped_column(default=0)
    stored_count: Mapped[int] = mapped_column(default=0)
    duplicate_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [{"index", "field", "message"}]
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    enterprise: Mapped[Enterprise] = relationship()


class EpcisEvent(db.Model):
    """One EPCIS event, never changed; a correction is a later event carrying an errorDeclaration.

    ``event_hash`` (the canonical hash) is unique: capturing the same event twice stores it once.
    """

    __tablename__ = "epcis_events"
    __table_args__ = (Index("ix_epcis_events_time", "event_time"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(200), unique=True)  # eventID URI
    event_hash: Mapped[str] = mapped_column(String(120), unique=True)  # ni:///sha-256;...?ver=CBV2.0
    type: Mapped[str] = mapped_column(String(30), index=True)
    action: Mapped[str | None] = mapped_column(String(8))
    event_time: Mapped[datetime] = mapped_column(UTCDateTime)
    event_time_zone_offset: Mapped[str] = mapped_column(String(6))
    record_time: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # a bare CBV word, or an extension URI
    biz_step: Mapped[str | None] = mapped_column(String(200), index=True)
    disposition: Mapped[str | None] = mapped_column(String(200))
    read_point: Mapped[str | None] = mapped_column(String(200), index=True)
    biz_location: Mapped[str | None] = mapped_column(String(200), index=True)
    declares_error: Mapped[bool] = mapped_column(Boolean, default=False)
    document: Mapped[dict] = mapped_column(JSON)  # the event as stored, normalised, with recordTime
    source: Mapped[str] = mapped_column(String(10))  # capture | sighting | service
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("epcis_captures.id"), index=True)

    identifiers: Mapped[list["EpcisEventIdentifier"]] = relationship(back_populates="event",
                                                                     order_by="EpcisEventIdentifier.id")


class EpcisEventIdentifier(db.Model):
    """What an event names, one row per identifier and role, so queries and traces use an index.

    Roles: epc, parent, child, input, output (EPCs and class URIs alike), biz_transaction
    (``qualifier`` = the type, e.g. bol), source and destination (``qualifier`` = the type).
    """

    __tablename__ = "epcis_event_identifiers"
    __table_args__ = (Index("ix_epcis_identifiers_value_role", "value", "role"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("epcis_events.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200))
    qualifier: Mapped[str | None] = mapped_column(String(200))  # a CBV type word or an extension URI

    event: Mapped[EpcisEvent] = relationship(back_populates="identifiers")
