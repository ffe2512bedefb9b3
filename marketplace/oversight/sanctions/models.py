"""Decisions and sanctions, under four eyes: one regulator proposes, a different one approves.

``kind``: warning | listing_removal | trading_suspension | escrow_hold | termination.
``status``: proposed | approved | rejected | lifted | expired. Only an approved sanction acts, and
it acts from the moment of approval (``effective_from``) until ``effective_until`` or its lifting;
approval also records it as an official entry in the enterprise's credit file.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Sanction(db.Model):
    __tablename__ = "oversight_sanctions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("snc"))
    number: Mapped[str] = mapped_column(String(30), unique=True)  # 滨海监处〔YYYY〕NNNN
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    target: Mapped[str | None] = mapped_column(String(40))  # a listing's public id, for listing_removal
    reason: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))  # the credit entry's: minor | general | serious
    duration_days: Mapped[int | None] = mapped_column()  # None: until lifted (suspension, hold)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    effective_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text)
    credit_entry_public_id: Mapped[str | None] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(default=1)

    enterprise: Mapped[Enterprise] = relationship()
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
