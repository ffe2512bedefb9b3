from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS, QUANTITY, Listing
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db
from marketplace.sourcing.models import Quote


class Order(db.Model):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("ord"))
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"), unique=True)
    status: Mapped[str] = mapped_column(String(30), default="placed", index=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    total_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    delivery_address: Mapped[str] = mapped_column(String(300))
    delivery_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
    placed_by: Mapped[User] = relationship()
    quote: Mapped[Quote | None] = relationship()
    lines: Mapped[list["OrderLine"]] = relationship(cascade="all, delete-orphan", order_by="OrderLine.id",
                                                    lazy="selectin")
    status_changes: Mapped[list["OrderStatusChange"]] = relationship(order_by="OrderStatusChange.id")


class OrderLine(db.Model):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id"))
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(20))
    unit_price_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    line_total_minor: Mapped[int] = mapped_column(MINOR_UNITS)

    listing: Mapped[Listing | None] = relationship()


class OrderStatusChange(db.Model):
    __tablename__ = "order_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
