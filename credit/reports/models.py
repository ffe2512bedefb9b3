"""Who may read a detailed credit report, who did, and the issued report PDFs with their verification checks."""
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class ReportAuthorisation(db.Model):
    """An enterprise lets a counterparty read its detailed report until ``expires_at`` (or revocation)."""

    __tablename__ = "credit_report_authorisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("cau"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    grantee_enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(String(300), default="")

    enterprise: Mapped[Enterprise] = relationship(foreign_keys=[enterprise_id])
    grantee: Mapped[Enterprise] = relationship(foreign_keys=[grantee_enterprise_id])
    granted_by: Mapped[User] = relationship(foreign_keys=[granted_by_id])


class ReportView(db.Model):
    """One reading of a detailed report: by whom, for which enterprise, in which capacity, under which authorisation."""

    __tablename__ = "credit_report_views"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    viewer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    viewer_enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    capacity: Mapped[str] = mapped_column(String(12))  # self | operator | regulator | authorised
    authorisation_id: Mapped[int | None] = mapped_column(ForeignKey("credit_report_authorisations.id"))
    channel: Mapped[str] = mapped_column(String(5))  # web | api | pdf
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    viewer: Mapped[User] = relationship()
    viewer_enterprise: Mapped[Enterprise | None] = relationship(foreign_keys=[viewer_enterprise_id])
    authorisation: Mapped[ReportAuthorisation | None] = relationship()


class CreditReport(db.Model):
    """An issued credit report PDF: its number, the snapshot it reports, and the SHA-256 of what it says and of the file.

    ``content_sha256`` is the hash of the report's content (printed on it and shown on the
    verification page); ``file_sha256`` is the hash of the PDF bytes, which an uploaded copy must match.
    """

    __tablename__ = "credit_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("crt"))
    number: Mapped[str] = mapped_column(String(32), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("credit_score_snapshots.id"))
    model_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | ready | failed
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(db.LargeBinary, deferred=True)

    enterprise: Mapped[Enterprise] = relationship()
    issued_by: Mapped[User] = relationship()


class ReportCheck(db.Model):
    """One check on the public verification page; ``outcome`` genuine | altered | superseded | unknown."""

    __tablename__ = "credit_report_checks"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("credit_reports.id"), index=True)
    number: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(12))
    sha256_given: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
