from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Floor(db.Model):
    """A trading floor and the rules its instruments trade by; operators add floors as data.

    ``spec_schema`` declares the lot specification (attribute declarations as JSON); ``sessions``
    are local Asia/Shanghai ``{"opens": "09:00", "closes": "11:30"}`` windows on trading days.
    """

    __tablename__ = "floors"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    tick_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # price step per unit, in minor units
    lot_size: Mapped[Decimal] = mapped_column(QUANTITY)  # units per lot
    max_order_lots: Mapped[int] = mapped_column(default=1000)
    band_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2))  # ± around the reference price
    buyer_fee_bp: Mapped[int] = mapped_column(default=0)  # basis points of the contract amount
    seller_fee_bp: Mapped[int] = mapped_column(default=0)
    # Payment terms of its contracts: a deposit of this share first (0: paid in full), and the
    # buyer's inspection window in mainland working days after delivery.
    deposit_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(0), server_default="0")
    inspection_days: Mapped[int] = mapped_column(default=3, server_default="3")
    sessions: Mapped[list] = mapped_column(JSON, default=list)
    open_weekdays: Mapped[list] = mapped_column(JSON, default=lambda: [0, 1, 2, 3, 4])
    closed_on_holidays: Mapped[bool] = mapped_column(default=True)
    closed_dates: Mapped[list] = mapped_column(JSON, default=list)  # ISO dates the operator closes
    spec_schema: Mapped[dict] = mapped_column(JSON, default=dict)
    delivery_terms: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    instruments: Mapped[list["Instrument"]] = relationship(back_populates="floor", order_by="Instrument.code")


class Instrument(db.Model):
    """A standard spec + delivery place + delivery month, traded continuously on its floor's book."""

    __tablename__ = "instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("ins"))
    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    delivery_place: Mapped[str] = mapped_column(String(200))
    delivery_month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    # The band's centre until the instrument has a settlement price of its own.
    initial_reference_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    status: Mapped[str] = mapped_column(String(20), default="listed", index=True)  # listed | suspended
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    floor: Mapped[Floor] = relationship(back_populates="instruments", lazy="joined")
