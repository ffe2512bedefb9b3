"""Listing screening: configurable term lists, what each screening found, and quality sampling results.

A listing (a catalog listing or a floor listing) is screened when it is published and again when
the term lists change. A flagged listing waits for review (``status`` flagged → cleared |
rejected) and is not offered to buyers meanwhile.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class ScreeningTerm(db.Model):
    """One entry of a list: ``list_name`` banned_goods | absolute_terms | hazardous_chemicals.

    A hazardous chemical is named by its CAS number (checked) and its names; offering it needs a
    valid licence entry in the seller's credit file.
    """

    __tablename__ = "screening_terms"
    __table_args__ = (UniqueConstraint("list_name", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("sct"))
    list_name: Mapped[str] = mapped_column(String(30), index=True)
    term: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list] = mapped_column(JSON, default=list)  # other names, either language
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ListingScreening(db.Model):
    """The latest screening of one listing; ``findings`` lists each term found, where, and why it matters."""

    __tablename__ = "listing_screenings"
    __table_args__ = (UniqueConstraint("listing_kind", "listing_public_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("lsc"))
    listing_kind: Mapped[str] = mapped_column(String(20))  # catalog | floor
    listing_public_id: Mapped[str] = mapped_column(String(24))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)  # passed | flagged | cleared | rejected
    findings: Mapped[list] = mapped_column(JSON, default=list)
    lists_digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the term lists it was screened against
    screened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str | None] = mapped_column(Text)

    enterprise: Mapped[Enterprise] = relationship()
    reviewed_by: Mapped[User | None] = relationship()


class QualityInspection(db.Model):
    """A sampling inspection's result (产品质量抽检), recorded against a listing and its enterprise."""

    __tablename__ = "quality_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("qin"))
    listing_kind: Mapped[str] = mapped_column(String(20))
    listing_public_id: Mapped[str] = mapped_column(String(24), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    sampled_on: Mapped[date] = mapped_column(Date)
    authority: Mapped[str] = mapped_column(String(200))
    report_number: Mapped[str] = mapped_column(String(100))
    result: Mapped[str] = mapped_column(String(10))  # pass | fail
    items: Mapped[list] = mapped_column(JSON, default=list)  # [{item, required, measured, verdict}]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
