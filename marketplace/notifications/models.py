"""In-app notifications to an enterprise (its members read them), stored as a translatable message."""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class Notification(db.Model):
    """``message`` is ``{"template", "params"}`` as ``marketplace.i18n.recorded_message`` shows it;
    ``details`` are further such messages (a grade change's reasons); ``link`` a path on the site."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("enterprise_id", "source_event_id", "topic"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("ntf"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    topic: Mapped[str] = mapped_column(String(60))
    message: Mapped[dict] = mapped_column(JSON)
    details: Mapped[list] = mapped_column(JSON, default=list)
    link: Mapped[str] = mapped_column(String(300), default="")
    source_event_id: Mapped[int | None] = mapped_column(BIG_ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
