"""What regulators read and what they took away.

``OversightAccess`` logs every regulator view of non-public data (web page, API call or export):
who, when, which view, about whom, with which filters. ``OversightExport`` is a PDF report made
off the request path (period report per floor, complaint statistics, seller-identity report).
Neither table is ever purged before ``OVERSIGHT_RETENTION_YEARS``.
"""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class OversightAccess(db.Model):
    __tablename__ = "oversight_access_log"

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id"))
    channel: Mapped[str] = mapped_column(String(10))  # web | api | export
    view: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str | None] = mapped_column(String(40), index=True)  # an enterprise's (or case's) public id
    query: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    user: Mapped[User] = relationship()


class OversightExport(db.Model):
    __tablename__ = "oversight_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("oxp"))
    kind: Mapped[str] = mapped_column(String(30))  # period_report | complaint_statistics | seller_identity
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending | ready | failed
    sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requested_by: Mapped[User] = relationship()
