from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Escrow(db.Model):
    """The settlement of one order or contract: what is due, in what parts, and where it stands.

    Every change of state locks this row first, so payments, releases, refunds and disputes of one
    deal happen one at a time. Amounts held are derived from the ledger, never stored here.
    """

    __tablename__ = "escrows"
    __table_args__ = (UniqueConstraint("payable_type", "payable_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("esc"))
    payable_type: Mapped[str] = mapped_column(String(10))  # order | contract
    payable_id: Mapped[int]
    payable_public_id: Mapped[str] = mapped_column(String(24), unique=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    currency: Mapped[str] = mapped_column(String(3))
    goods_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    buyer_fee_minor: Mapped[int] = mapped_column(MINOR_UNITS, default=0)
    seller_fee_minor: Mapped[int] = mapped_column(MINOR_UNITS, default=0)
    deposit_minor: Mapped[int] = mapped_column(MINOR_UNITS, default=0)  # 0: paid in full at once
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(20))
    inspection_days: Mapped[int] = mapped_column(default=3)  # mainland working days
    status: Mapped[str] = mapped_column(String(30), index=True, default="awaiting_payment")
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
    deliveries: Mapped[list["Delivery"]] = relationship(order_by="Delivery.id", back_populates="escrow")
    changes: Mapped[list["EscrowStatusChange"]] = relationship(order_by="EscrowStatusChange.id")

    @property
    def due_minor(self):
        return self.goods_minor + self.buyer_fee_minor

    @property
    def fee_minor(self):
        return self.buyer_fee_minor + self.seller_fee_minor


class Delivery(db.Model):
    """Goods received: confirmed by the buyer or by a read at the destination; opens an inspection window.

    Released at most once (``released_at`` is set under the escrow's lock, beside a ledger key).
    """

    __tablename__ = "escrow_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("dlv"))
    escrow_id: Mapped[int] = mapped_column(ForeignKey("escrows.id"), index=True)
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    source: Mapped[str] = mapped_column(String(20))  # buyer | rfid
    reference: Mapped[str] = mapped_column(String(100), default="")  # e.g. the shipment or read event
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    inspection_ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    escrow: Mapped[Escrow] = relationship(back_populates="deliveries")
    confirmed_by: Mapped[User | None] = relationship()


class EscrowStatusChange(db.Model):
    __tablename__ = "escrow_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    escrow_id: Mapped[int] = mapped_column(ForeignKey("escrows.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
