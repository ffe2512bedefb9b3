"""Objections (异议) to official entries and applications for credit repair (信用修复), with their evidence."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from credit.file.models import OfficialEntry
from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Objection(db.Model):
    """An enterprise contests an entry; the operator answers by ``answer_due_on`` (corrected, removed or kept)."""

    __tablename__ = "credit_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cob"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_official_entries.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    statement: Mapped[str] = mapped_column(Text)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer_due_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending | corrected | removed | kept
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    correction_entry_id: Mapped[int | None] = mapped_column(ForeignKey("credit_official_entries.id"))

    entry: Mapped[OfficialEntry] = relationship(foreign_keys=[entry_id])
    enterprise: Mapped[Enterprise] = relationship()
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    correction: Mapped[OfficialEntry | None] = relationship(foreign_keys=[correction_entry_id])
    evidence: Mapped[list["CreditEvidence"]] = relationship(
        primaryjoin="Objection.id == foreign(CreditEvidence.objection_id)", order_by="CreditEvidence.id",
        viewonly=True)


class RepairApplication(db.Model):
    """An application to repair an entry after its minimum publicity period; approved or refused by an operator."""

    __tablename__ = "credit_repairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("rep"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_official_entries.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    statement: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decide_by: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)  # pending | approved | refused
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entry: Mapped[OfficialEntry] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    applied_by: Mapped[User] = relationship(foreign_keys=[applied_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    evidence: Mapped[list["CreditEvidence"]] = relationship(
        primaryjoin="RepairApplication.id == foreign(CreditEvidence.repair_id)", order_by="CreditEvidence.id",
        viewonly=True)


class CreditEvidence(db.Model):
    """A file backing an objection or a repair application (exactly one of the two)."""

    __tablename__ = "credit_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cev"))
    objection_id: Mapped[int | None] = mapped_column(ForeignKey("credit_objections.id"), index=True)
    repair_id: Mapped[int | None] = mapped_column(ForeignKey("credit_repairs.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(db.LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
