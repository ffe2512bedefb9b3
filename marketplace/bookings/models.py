from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import Listing
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

ACTIVE_SLOT = text("active")


class OpeningHours(db.Model):
    """Weekly hours a resource can be booked, in Asia/Shanghai time, on mainland working days."""

    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    weekday: Mapped[int]  # Monday 0 … Sunday 6
    opens_minute: Mapped[int]  # minutes after local midnight
    closes_minute: Mapped[int]


class Closure(db.Model):
    """A day the provider closes the resource (maintenance, calibration), besides public holidays."""

    __tablename__ = "resource_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(200), default="")


class Booking(db.Model):
    """A buyer's request for consecutive slots: requested → confirmed / refused; cancelled by either side."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("bkg"))
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"), index=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="requested", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    listing: Mapped[Listing] = relationship()
    buyer: Mapped[Enterprise] = relationship()
    requested_by: Mapped[User] = relationship()
    slots: Mapped[list["BookedSlot"]] = relationship(cascade="all, delete-orphan", order_by="BookedSlot.starts_at")


class BookedSlot(db.Model):
    """One slot held by a booking. While ``active``, no other booking can hold the same slot:
    the partial unique index makes a double booking impossible even if two requests race."""

    __tablename__ = "booked_slots"
    __table_args__ = (
        Index("uq_booked_slots_active", "listing_id", "starts_at", unique=True,
              postgresql_where=ACTIVE_SLOT, sqlite_where=ACTIVE_SLOT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
