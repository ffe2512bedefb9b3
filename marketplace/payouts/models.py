from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class PayoutAccount(db.Model):
    """Where a seller is paid: a bank account for settlement batches, or a gateway connected account."""

    __tablename__ = "payout_accounts"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), primary_key=True)
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    account_name: Mapped[str] = mapped_column(String(200), default="")
    account_number: Mapped[str] = mapped_column(String(40), default="")
    connected_account_id: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PayoutBatch(db.Model):
    """A bank-transfer file the operator exports and, once the bank has paid it, marks paid."""

    __tablename__ = "payout_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("pob"))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), index=True, default="exported")  # exported | paid
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    bank_reference: Mapped[str | None] = mapped_column(String(100))
    paid_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    payouts: Mapped[list["Payout"]] = relationship(back_populates="batch", order_by="Payout.id")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])


class Payout(db.Model):
    """One payment of what the platform owes a seller; starts and completes exactly once."""

    __tablename__ = "payouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("po"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("payout_batches.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # bank_batch | gateway_transfer
    amount_minor: Mapped[int] = mapped_column(MINOR_UNITS)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20), index=True, default="in_transit")  # in_transit | paid | returned
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    account_name: Mapped[str] = mapped_column(String(200), default="")
    account_number: Mapped[str] = mapped_column(String(40), default="")
    transfer_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    failure_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    batch: Mapped[PayoutBatch | None] = relationship(back_populates="payouts")
    enterprise: Mapped[Enterprise] = relationship()
