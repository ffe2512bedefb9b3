from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS, QUANTITY
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db
from trading.floors.models import Instrument

SEQUENCE = BigInteger().with_variant(db.Integer, "sqlite")


class OrderBookHead(db.Model):
    """The lock every writer of one instrument's book takes, and how far its command stream goes."""

    __tablename__ = "order_book_heads"

    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(SEQUENCE, default=0)
    trades: Mapped[int] = mapped_column(SEQUENCE, default=0)


class FloorOrder(db.Model):
    """An order on an instrument's book as its enterprise sees it; the book itself is rebuilt from commands."""

    __tablename__ = "floor_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("fo"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    side: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(10))
    price_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # limit, or a market order's protection price
    lot_size: Mapped[Decimal] = mapped_column(QUANTITY)  # the floor's lot size when the order came
    quantity_lots: Mapped[int] = mapped_column()
    remaining_lots: Mapped[int] = mapped_column(default=0)
    filled_lots: Mapped[int] = mapped_column(default=0)
    # open | partially_filled | filled | cancelled | rejected
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(String(40))  # why refused or cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    instrument: Mapped[Instrument] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    placed_by: Mapped[User] = relationship()


class BookCommand(db.Model):
    """One command fed to the engine, in sequence; replaying them rebuilds the book exactly."""

    __tablename__ = "book_commands"
    __table_args__ = (UniqueConstraint("instrument_id", "seq"),)

    id: Mapped[int] = mapped_column(SEQUENCE, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    seq: Mapped[int] = mapped_column(SEQUENCE)
    action: Mapped[str] = mapped_column(String(10))  # new | cancel | amend
    order_public_id: Mapped[str] = mapped_column(String(24))
    enterprise_public_id: Mapped[str | None] = mapped_column(String(24))
    side: Mapped[str | None] = mapped_column(String(4))
    kind: Mapped[str | None] = mapped_column(String(10))
    price_minor: Mapped[int | None] = mapped_column(MINOR_UNITS)
    quantity_lots: Mapped[int | None] = mapped_column()
    time_us: Mapped[int] = mapped_column(SEQUENCE)  # engine time: UTC epoch microseconds
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Trade(db.Model):
    __tablename__ = "trades"
    __table_args__ = (UniqueConstraint("instrument_id", "number"),
                      Index("ix_trades_instrument_id_executed_at", "instrument_id", "executed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("trd"))
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"))
    number: Mapped[int] = mapped_column(SEQUENCE)
    seq: Mapped[int] = mapped_column(SEQUENCE)
    buy_order_id: Mapped[int] = mapped_column(ForeignKey("floor_orders.id"), index=True)
    sell_order_id: Mapped[int] = mapped_column(ForeignKey("floor_orders.id"), index=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    price_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    quantity_lots: Mapped[int] = mapped_column()
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)  # in the floor's unit
    aggressor: Mapped[str] = mapped_column(String(4))
    executed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    instrument: Mapped[Instrument] = relationship()
    buy_order: Mapped[FloorOrder] = relationship(foreign_keys=[buy_order_id])
    sell_order: Mapped[FloorOrder] = relationship(foreign_keys=[sell_order_id])
    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
