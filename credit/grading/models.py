"""Score model versions, score snapshots, each enterprise's current standing, and full re-scoring runs.

Snapshots are never rewritten: a new fact, a new model or a full run writes a new one. The standing
is the one row per enterprise that trading reads for its terms; it always points at the newest
snapshot.
"""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import Enterprise, User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class ScoreModelVersion(db.Model):
    """A score model as the JSON document ``credit.scoring.model.load_model`` accepts; never edited."""

    __tablename__ = "credit_score_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(20), unique=True)
    document: Mapped[dict] = mapped_column(JSON)
    effective_from: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RescoreRun(db.Model):
    """A full re-score of every enterprise with one model version, and how many changed grade."""

    __tablename__ = "credit_rescore_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("crr"))
    model_version: Mapped[str] = mapped_column(String(20))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="running")  # running | finished | failed
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    transitions: Mapped[dict] = mapped_column(JSON, default=dict)  # {"A>BBB": 3, …}

    started_by: Mapped[User | None] = relationship()


class ScoreSnapshot(db.Model):
    """One scoring of one enterprise: the model version, the inputs it saw, each variable's points, the reasons.

    ``inputs`` is the facts as scored (JSON), ``points`` ``[[code, value, points], …]``, ``reasons``
    ``[{"code", "polarity", "impact", "values", "references"}, …]``; ``cause`` says what asked for it
    (fact, entry, objection, repair, rescore, verified).
    """

    __tablename__ = "credit_score_snapshots"
    __table_args__ = (Index("ix_credit_score_snapshots_enterprise", "enterprise_id", "id"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    credit_code: Mapped[str] = mapped_column(String(18))
    model_version: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[datetime] = mapped_column(UTCDateTime)
    score: Mapped[int]
    grade: Mapped[str] = mapped_column(String(3))
    previous_grade: Mapped[str | None] = mapped_column(String(3))
    override: Mapped[str | None] = mapped_column(String(30))
    inputs: Mapped[dict] = mapped_column(JSON)
    points: Mapped[list] = mapped_column(JSON)
    reasons: Mapped[list] = mapped_column(JSON)
    cause: Mapped[str] = mapped_column(String(20))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("credit_rescore_runs.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()


class CreditStanding(db.Model):
    """An enterprise's grade now: the newest snapshot's, and since when it has held it."""

    __tablename__ = "credit_standings"

    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    grade: Mapped[str] = mapped_column(String(3), index=True)
    score: Mapped[int]
    model_version: Mapped[str] = mapped_column(String(20))
    override: Mapped[str | None] = mapped_column(String(30))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("credit_score_snapshots.id"))
    grade_since: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
    snapshot: Mapped[ScoreSnapshot] = relationship()
