"""Cases: the alerts of one control group on one day, worked by a regulator to a decision.

``status``: open | investigating | escalated | closed | dismissed. Every step (assigned, noted,
escalated, dismissed, closed, sanction proposed, evidence exported) is a ``CaseStep``, so the case
file reads as a timeline; the audit log records the same steps.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class OversightCase(db.Model):
    __tablename__ = "oversight_cases"
    __table_args__ = (UniqueConstraint("group_key", "opened_for_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "cas_" and 20 characters fill the 24-character column exactly.
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cas"))
    number: Mapped[str] = mapped_column(String(30), unique=True)  # BHJG-YYYYMMDD-NNNN
    group_key: Mapped[str] = mapped_column(String(64))
    opened_for_day: Mapped[date] = mapped_column(Date)  # the Shanghai day whose alerts it gathers
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)  # the main subject
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    deadline: Mapped[date | None] = mapped_column(Date)
    escalation_level: Mapped[int] = mapped_column(default=0)
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    conclusion: Mapped[str | None] = mapped_column(Text)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: opened by the alert flow
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    enterprise: Mapped[Enterprise] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    steps: Mapped[list["CaseStep"]] = relationship(back_populates="case", order_by="CaseStep.id")


class CaseStep(db.Model):
    __tablename__ = "oversight_case_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("oversight_cases.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[OversightCase] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()


class EvidencePackage(db.Model):
    """A case's evidence, exported: a bilingual PDF and a CSV, with a manifest of their SHA-256.

    Rendered off the request path (``status`` pending → ready | failed); the files live in the
    instance folder under ``oversight/evidence/<public_id>/`` and never change once ready.
    """

    __tablename__ = "oversight_evidence_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("evp"))
    case_id: Mapped[int] = mapped_column(ForeignKey("oversight_cases.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    manifest: Mapped[dict] = mapped_column(JSON, default=dict)  # file name → {sha256, bytes}
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[OversightCase] = relationship()
    requested_by: Mapped[User] = relationship()
