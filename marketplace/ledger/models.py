from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.catalog.models import MINOR_UNITS
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class LedgerTransaction(db.Model):
    """One balanced movement. ``key`` names the business fact it books, so booking it twice is impossible."""

    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("ltx"))
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    escrow_id: Mapped[int | None] = mapped_column(ForeignKey("escrows.id"), index=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_transactions.id"), unique=True)
    memo: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    entries: Mapped[list["LedgerEntry"]] = relationship(back_populates="transaction", order_by="LedgerEntry.id",
                                                        lazy="selectin")


class LedgerEntry(db.Model):
    """A debit (amount > 0) or credit (< 0) to one account; never updated or deleted."""

    __tablename__ = "ledger_entries"
    __table_args__ = (Index("ix_ledger_entries_account_currency", "account", "currency"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account: Mapped[str] = mapped_column(String(60))
    account_kind: Mapped[str] = mapped_column(String(30))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    escrow_id: Mapped[int | None] = mapped_column(ForeignKey("escrows.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(MINOR_UNITS)

    transaction: Mapped[LedgerTransaction] = relationship(back_populates="entries")
