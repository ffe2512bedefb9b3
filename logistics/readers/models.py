from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class ReadPoint(db.Model):
    """A place where tags are read (an SGLN), with the business context its reads stand for.

    A dock-out door means bizStep ``shipping`` and disposition ``in_transit``; a quay crane's
    ``port_event`` (LOAD, DISC, GTIN, GTOT, STUF, STRP) makes the equipment event its reads imply.
    """

    __tablename__ = "read_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("rpt"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    sgln: Mapped[str] = mapped_column(String(100), unique=True)  # urn:epc:id:sgln:...
    biz_location: Mapped[str | None] = mapped_column(String(100))  # urn:epc:id:sgln:... of the site
    biz_step: Mapped[str] = mapped_column(String(40))  # CBV 2.0 bare word
    disposition: Mapped[str | None] = mapped_column(String(40))
    port_event: Mapped[str | None] = mapped_column(String(4))
    unlocode: Mapped[str | None] = mapped_column(String(5))
    facility: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()


class Reader(db.Model):
    """A fixed or handheld RFID reader of one logistics firm; authenticates with its device token."""

    __tablename__ = "readers"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("rdr"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    model: Mapped[str] = mapped_column(String(60), default="")
    token_prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the device token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_batch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reads_total: Mapped[int] = mapped_column(BIG_ID, default=0)

    enterprise: Mapped[Enterprise] = relationship()
    antennas: Mapped[list["Antenna"]] = relationship(order_by="Antenna.port", back_populates="reader",
                                                     lazy="selectin")

    @property
    def mqtt_topic(self):
        return f"binhai/readers/{self.public_id}/reads"


class Antenna(db.Model):
    __tablename__ = "antennas"
    __table_args__ = (UniqueConstraint("reader_id", "port"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"), index=True)
    port: Mapped[int]
    read_point_id: Mapped[int] = mapped_column(ForeignKey("read_points.id"))

    reader: Mapped[Reader] = relationship(back_populates="antennas")
    read_point: Mapped[ReadPoint] = relationship(lazy="joined")


class ReadBatch(db.Model):
    """One batch as it arrived. The digest makes a batch sent twice (a reader retrying) change nothing."""

    __tablename__ = "read_batches"
    __table_args__ = (UniqueConstraint("reader_id", "digest"), Index("ix_read_batches_reader_received",
                                                                     "reader_id", "received_at"))

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"))
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the body
    format: Mapped[str] = mapped_column(String(10))  # generic | zebra | impinj
    transport: Mapped[str] = mapped_column(String(5))  # http | mqtt
    read_count: Mapped[int]
    unknown_count: Mapped[int] = mapped_column(default=0)
    first_read_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_read_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sighting(db.Model):
    """Reads of one EPC by one antenna folded together (see ``readers.smoothing``).

    ``status``: open (may still grow), seen (enough reads: its business event is made), stray
    (closed with too few reads). An EPC with an unknown header is kept raw (``epc_uri`` empty,
    ``unknown_header`` set) and never dropped.
    """

    __tablename__ = "sightings"
    __table_args__ = (Index("ix_sightings_key_first", "reader_id", "antenna", "epc_hex", "first_seen"),
                      Index("ix_sightings_epc_uri_first", "epc_uri", "first_seen"))

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"))
    antenna: Mapped[int]
    read_point_id: Mapped[int | None] = mapped_column(ForeignKey("read_points.id"))
    epc_hex: Mapped[str] = mapped_column(String(128))
    epc_uri: Mapped[str | None] = mapped_column(String(200))
    unknown_header: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    read_count: Mapped[int]
    peak_rssi_dbm: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    status: Mapped[str] = mapped_column(String(6), default="open", index=True)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("epcis_events.id"))  # the business event made
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reader: Mapped[Reader] = relationship()
    read_point: Mapped[ReadPoint | None] = relationship()
