from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db
from trading.floors.models import Floor


class FloorListing(db.Model):
    """A non-standard lot a seller offers at a listed price; buyers take all or part of it."""

    __tablename__ = "floor_listings"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("fl"))
    floor_id: Mapped[int] = mapped_column(ForeignKey("floors.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    spec: Mapped[dict] = mapped_column(JSON, default=dict)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    remaining: Mapped[Decimal] = mapped_column(QUANTITY)
    minimum_purchase: Mapped[Decimal] = mapped_column(QUANTITY)
    price_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # per unit of the floor
    delivery_place: Mapped[str] = mapped_column(String(200))
    delivery_month: Mapped[str] = mapped_column(String(7))
    delivery_terms: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | sold_out | withdrawn
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    floor: Mapped[Floor] = relationship()
    seller: Mapped[Enterprise] = relationship()
    created_by: Mapped[User] = relationship()
