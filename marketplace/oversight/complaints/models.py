"""Complaints (投诉, a buyer's own dispute with a seller) and reports (举报, anyone's tip about a violation).

Statutory clocks count mainland working days (``marketplace.workdays``) and are stored as due
dates when each stage starts, so the filer and the regulator see the same deadline:
accept or refuse within 7; mediation ends after 45 without agreement and both parties are told
within 7; a violation found is checked within 15 (+15 once, with a reason); a named reporter
learns within 5 whether a case was opened. A reporter's identity is never shown to the respondent.

``status``: submitted | accepted | refused | mediating | agreed | mediation_failed |
investigating | closed.
"""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Complaint(db.Model):
    __tablename__ = "oversight_complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cmp"))
    number: Mapped[str] = mapped_column(String(30), unique=True)  # TS-YYYYMMDD-NNNN or JB-…
    kind: Mapped[str] = mapped_column(String(10), index=True)  # complaint | report
    respondent_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(20), default="enterprise")  # enterprise | listing | order | contract
    subject_public_id: Mapped[str | None] = mapped_column(String(24))
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    # The filer: a signed-in person (and, for a complaint, the buyer enterprise), or an anonymous reporter.
    filer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    complainant_enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(100), default="")
    reporter_contact: Mapped[str] = mapped_column(String(200), default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(30), default="submitted", index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_on: Mapped[date] = mapped_column(Date)  # Shanghai day; the clocks count from here
    accept_due_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    mediation_due_on: Mapped[date | None] = mapped_column(Date)
    mediation_ended_on: Mapped[date | None] = mapped_column(Date)
    parties_told_due_on: Mapped[date | None] = mapped_column(Date)
    parties_told_on: Mapped[date | None] = mapped_column(Date)
    verification_due_on: Mapped[date | None] = mapped_column(Date)
    verification_extended: Mapped[bool] = mapped_column(Boolean, default=False)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    reporter_told_due_on: Mapped[date | None] = mapped_column(Date)
    reporter_told_on: Mapped[date | None] = mapped_column(Date)
    case_opened: Mapped[bool | None] = mapped_column(Boolean)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_cases.id"))
    outcome: Mapped[str | None] = mapped_column(String(30))  # agreed | upheld | not_upheld | no_agreement | refused
    outcome_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    respondent: Mapped[Enterprise] = relationship(foreign_keys=[respondent_enterprise_id])
    complainant: Mapped[Enterprise | None] = relationship(foreign_keys=[complainant_enterprise_id])
    filer: Mapped[User | None] = relationship(foreign_keys=[filer_user_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    steps: Mapped[list["ComplaintStep"]] = relationship(back_populates="complaint", order_by="ComplaintStep.id")


class ComplaintStep(db.Model):
    """One step of a complaint's life; ``visible_to`` says who may read it (filer, respondent, both, staff)."""

    __tablename__ = "oversight_complaint_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("oversight_complaints.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    visible_to: Mapped[str] = mapped_column(String(20), default="both")  # filer | respondent | both | staff
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()
