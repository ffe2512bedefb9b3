"""The credit file: what the platform saw an enterprise do, and what the authorities published about it.

Both tables are append-only in substance. A platform fact is never changed; a correction is a new
fact naming the one it corrects. An official entry's content is never changed either; its life
(contested, repaired, ended) is recorded once per step in ``OfficialEntryStep`` and mirrored in the
few lifecycle columns scoring reads, each set once.
"""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")
MINOR = BigInteger().with_variant(db.Integer, "sqlite")


class PlatformFact(db.Model):
    """One thing an enterprise did on the platform, derived from a domain event.

    ``kind`` is one of credit.file.facts.FACT_KINDS (payment_due, payment_made, delivery_due,
    delivery_made, dispute_opened, dispute_won, dispute_lost, cancellation_by_fault,
    complaint_upheld, sanction, settled, withdrawn). ``reference`` is the order, contract, dispute
    or case it is about; ``detail`` holds the kind's own fields (due date, RFID confirmation …).
    One event makes a fact for an enterprise at most once (``source_event_id``, ``enterprise_id``,
    ``kind`` are unique), so handling an event twice changes nothing.
    """

    __tablename__ = "credit_platform_facts"
    __table_args__ = (UniqueConstraint("source_event_id", "enterprise_id", "kind"),
                      Index("ix_credit_platform_facts_enterprise_day", "enterprise_id", "occurred_on"))

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cpf"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[date] = mapped_column(Date)  # the business day in Asia/Shanghai
    amount_minor: Mapped[int | None] = mapped_column(MINOR)
    currency: Mapped[str | None] = mapped_column(String(3))
    reference: Mapped[str] = mapped_column(String(40), default="", index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("credit_platform_facts.id"))
    source_event_id: Mapped[int | None] = mapped_column(BIG_ID)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()


class OfficialEntry(db.Model):
    """An entry shaped like the national enterprise credit publicity system's.

    ``kind`` is one of credit.scoring.facts.ENTRY_KINDS; ``severity`` minor / general / serious
    (轻微 / 一般 / 严重). ``decided_on`` is the decision, listing or issue date. The publicity window
    runs from it to ``publicity_max_until`` (it stops being public and stops counting then); repair
    may be applied for from ``publicity_min_until``. Kind-specific fields are nullable columns.
    """

    __tablename__ = "credit_official_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("coe"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    decided_on: Mapped[date] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(200), default="")
    decision_number: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300), default="")  # licence name, violation type, listing ground
    content: Mapped[str] = mapped_column(Text, default="")  # the penalty, the ground in full
    valid_until: Mapped[date | None] = mapped_column(Date)  # licences
    removed_on: Mapped[date | None] = mapped_column(Date)  # lists: the day the enterprise was taken off
    tax_grade: Mapped[str | None] = mapped_column(String(1))  # A, B, M, C, D
    tax_year: Mapped[int | None]
    customs_category: Mapped[str | None] = mapped_column(String(40))
    publicity_min_until: Mapped[date | None] = mapped_column(Date)
    publicity_max_until: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10))  # web | import | api | sanction | demo
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("credit_official_entries.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Lifecycle, each set once by a step: contested while an objection is open; ended when an
    # objection removes it or a correction replaces it; repaired when a repair is approved.
    contested: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    repaired_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    corrects: Mapped["OfficialEntry | None"] = relationship(remote_side=[id])
    steps: Mapped[list["OfficialEntryStep"]] = relationship(order_by="OfficialEntryStep.id", back_populates="entry")


class OfficialEntryStep(db.Model):
    """One step in an entry's life: recorded, contested, corrected, removed, kept, repaired, repair_refused."""

    __tablename__ = "credit_official_entry_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("credit_official_entries.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    related: Mapped[str] = mapped_column(String(24), default="")  # the objection, repair or correcting entry
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[OfficialEntry] = relationship(back_populates="steps")
    actor: Mapped[User | None] = relationship()
