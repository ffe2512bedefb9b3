from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.catalog.models import MINOR_UNITS
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.escrow.models import Escrow
from marketplace.extensions import db


class Dispute(db.Model):
    """A buyer's contest of a delivery. While open, the escrow it is about releases nothing.

    open → answered (the seller replied) → decided (release, refund or split, with the operator's
    written reason). The outcome stays here for the credit domain to read through ``outcomes_of``.
    """

    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("dsp"))
    escrow_id: Mapped[int] = mapped_column(ForeignKey("escrows.id"), index=True)
    buyer_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    seller_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    reason: Mapped[str] = mapped_column(String(30))  # quality | quantity | not_delivered | wrong_goods | damaged | other
    description: Mapped[str] = mapped_column(Text)
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), index=True, default="open")
    frozen_minor: Mapped[int] = mapped_column(MINOR_UNITS)  # held in escrow when it was opened
    currency: Mapped[str] = mapped_column(String(3))
    seller_answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(String(10))  # release | refund | split
    refund_minor: Mapped[int | None] = mapped_column(MINOR_UNITS)
    release_minor: Mapped[int | None] = mapped_column(MINOR_UNITS)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    escrow: Mapped[Escrow] = relationship()
    buyer: Mapped[Enterprise] = relationship(foreign_keys=[buyer_enterprise_id])
    seller: Mapped[Enterprise] = relationship(foreign_keys=[seller_enterprise_id])
    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id])
    evidence: Mapped[list["DisputeEvidence"]] = relationship(order_by="DisputeEvidence.id", back_populates="dispute")


class DisputeEvidence(db.Model):
    """A file either party adds to a dispute (photos, inspection reports); content kept in the database."""

    __tablename__ = "dispute_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("evd"))
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(db.LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dispute: Mapped[Dispute] = relationship(back_populates="evidence")
    enterprise: Mapped[Enterprise] = relationship()
