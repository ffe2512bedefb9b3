from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db


class Document(db.Model):
    """A PDF rendered off the request path and kept: a signed contract or a receipt never changes.

    queued → ready (or failed, with the error, to be retried). Who may download it is stored with it:
    the enterprises named here, the operator and regulators.
    """

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("doc"))
    kind: Mapped[str] = mapped_column(String(30))  # sales_contract | invoice | payment_receipt | payout_statement
    subject_id: Mapped[str] = mapped_column(String(40), index=True)  # the public id it is about
    title: Mapped[str] = mapped_column(String(200))
    first_party_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    second_party_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), index=True, default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    content: Mapped[bytes | None] = mapped_column(db.LargeBinary, deferred=True)
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None]
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
