from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Shipment(db.Model):
    """Goods of one order or contract on their way; its status moves only through recorded events.

    Every change locks this row first, so two reads at the buyer's dock deliver it once.
    """

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("shp"))
    source_type: Mapped[str] = mapped_column(String(10))  # order | contract
    source_public_id: Mapped[str] = mapped_column(String(24), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    carrier_enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(200), default="")
    destination: Mapped[str] = mapped_column(String(200), default="")
    # The buyer's dock: a read there marks the shipment delivered.
    destination_read_point_id: Mapped[int | None] = mapped_column(ForeignKey("read_points.id"))
    bill_of_lading: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(30), default="booked", index=True)
    exception: Mapped[str | None] = mapped_column(String(30))  # set while an exception holds it up
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    carrier: Mapped[Enterprise | None] = relationship(foreign_keys=[carrier_enterprise_id])
    destination_read_point: Mapped["ReadPoint | None"] = relationship()  # noqa: F821
    legs: Mapped[list["ShipmentLeg"]] = relationship(order_by="ShipmentLeg.sequence", back_populates="shipment")
    units: Mapped[list["ShipmentUnit"]] = relationship(order_by="ShipmentUnit.id", back_populates="shipment")
    changes: Mapped[list["ShipmentStatusChange"]] = relationship(order_by="ShipmentStatusChange.id")


class Vessel(db.Model):
    __tablename__ = "vessels"

    id: Mapped[int] = mapped_column(primary_key=True)
    imo_number: Mapped[str] = mapped_column(String(7), unique=True)  # check digit verified
    name: Mapped[str] = mapped_column(String(100))
    flag: Mapped[str] = mapped_column(String(2), default="")


class Container(db.Model):
    __tablename__ = "containers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(11), unique=True)  # ISO 6346, check digit verified
    size_type: Mapped[str] = mapped_column(String(4), default="22G1")  # ISO 6346 size and type code
    # The EPC of the container's own tag (a GRAI), when it carries one.
    epc_uri: Mapped[str | None] = mapped_column(String(200), unique=True)


class ShipmentLeg(db.Model):
    """One stretch by one mode between two places (ports and terminals as UN/LOCODE)."""

    __tablename__ = "shipment_legs"
    __table_args__ = (UniqueConstraint("shipment_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    sequence: Mapped[int]
    mode: Mapped[str] = mapped_column(String(10))  # road | rail | sea | air
    from_place: Mapped[str] = mapped_column(String(200))
    from_locode: Mapped[str | None] = mapped_column(String(5))
    to_place: Mapped[str] = mapped_column(String(200))
    to_locode: Mapped[str | None] = mapped_column(String(5))
    vessel_id: Mapped[int | None] = mapped_column(ForeignKey("vessels.id"))
    voyage: Mapped[str] = mapped_column(String(20), default="")
    container_id: Mapped[int | None] = mapped_column(ForeignKey("containers.id"))
    planned_departure: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_arrival: Mapped[datetime | None] = mapped_column(UTCDateTime)

    shipment: Mapped[Shipment] = relationship(back_populates="legs")
    vessel: Mapped[Vessel | None] = relationship()
    container: Mapped[Container | None] = relationship()


class ShipmentUnit(db.Model):
    """An identified thing that travels with the shipment: goods (SGTIN), a pallet or case (SSCC),
    a returnable asset (GRAI), a container or a lot. Reads of its EPC count for the shipment."""

    __tablename__ = "shipment_units"
    __table_args__ = (UniqueConstraint("shipment_id", "epc_uri"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # item | case | pallet | asset | container | lot
    epc_uri: Mapped[str] = mapped_column(String(200), index=True)  # pure identity or class URI
    description: Mapped[str] = mapped_column(String(200), default="")

    shipment: Mapped[Shipment] = relationship(back_populates="units")


class ShipmentStatusChange(db.Model):
    """Which event moved the shipment, from where to where; the shipment's history."""

    __tablename__ = "shipment_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    cause: Mapped[str] = mapped_column(String(40))  # e.g. port:LOAD, epcis:shipping, buyer, exception:damaged
    reference: Mapped[str] = mapped_column(String(200), default="")  # the event behind it
    note: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it happened (event time)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[User | None] = relationship()


class PortEvent(db.Model):
    """A DCSA Track & Trace equipment or transport event, derived from a read or posted by API.

    ``dedup_key`` makes a repeated post or a re-derived read record nothing new.
    """

    __tablename__ = "port_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("pev"))
    dedup_key: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(10))  # EQUIPMENT | TRANSPORT
    type_code: Mapped[str] = mapped_column(String(4))  # LOAD DISC GTIN GTOT STUF STRP ... | ARRI DEPA
    classifier: Mapped[str] = mapped_column(String(3), default="ACT")  # PLN | EST | ACT
    event_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    equipment_reference: Mapped[str | None] = mapped_column(String(11), index=True)  # container number
    empty_indicator: Mapped[str | None] = mapped_column(String(5))  # EMPTY | LADEN
    vessel_imo: Mapped[str | None] = mapped_column(String(7))
    voyage: Mapped[str] = mapped_column(String(20), default="")
    unlocode: Mapped[str | None] = mapped_column(String(5))
    facility: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[str | None] = mapped_column(String(6))  # VESSEL | RAIL | TRUCK | BARGE
    shipment_id: Mapped[int | None] = mapped_column(ForeignKey("shipments.id"), index=True)
    source: Mapped[str] = mapped_column(String(10))  # read | api
    reported_by_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shipment: Mapped[Shipment | None] = relationship()
