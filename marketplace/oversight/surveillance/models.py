"""Surveillance rules as versioned data, the alerts they raise, and backtests of draft versions.

A rule version (``key@vN``) is never edited: a change is a new draft. Its lifecycle is
draft → approved → active → retired, and the approver is never its author. An alert keeps, from
the moment it is raised, the version, its parameters, the rows the detector saw and the sentence
that explains it, so later changes of data or rules never change what the regulator was shown.
"""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.database import UTCDateTime, new_public_id, utcnow
from marketplace.extensions import db

BIG_ID = BigInteger().with_variant(db.Integer, "sqlite")


class SurveillanceRule(db.Model):
    """A rule's stable identity (``key``, e.g. "wash_trades") and the detector it runs."""

    __tablename__ = "surveillance_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    detector: Mapped[str] = mapped_column(String(60))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["SurveillanceRuleVersion"]] = relationship(
        back_populates="rule", order_by="SurveillanceRuleVersion.version")


class SurveillanceRuleVersion(db.Model):
    """One version of a rule: parameters (with per-floor overrides) and where it is in its lifecycle.

    ``status``: draft | approved | active | retired. At most one version of a rule is active.
    """

    __tablename__ = "surveillance_rule_versions"
    __table_args__ = (UniqueConstraint("rule_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("srv"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("surveillance_rules.id"), index=True)
    version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    floor_overrides: Mapped[dict] = mapped_column(JSON, default=dict)  # floor code → parameters that differ
    notes: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: built into the platform
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    rule: Mapped[SurveillanceRule] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])

    @property
    def label(self):
        return f"{self.rule.key}@v{self.version}"


class SurveillanceAlert(db.Model):
    """One finding of one rule version, frozen at the moment it was raised.

    ``fingerprint`` (rule key, version and the rows concerned) is unique, so the live path and a
    re-run never raise the same alert twice. ``group_key`` names the control group of the
    enterprise the alert is about; alerts of one group on one Shanghai day share a case.
    """

    __tablename__ = "surveillance_alerts"
    __table_args__ = (Index("ix_surveillance_alerts_group_day", "group_key", "occurred_on"),)

    id: Mapped[int] = mapped_column(BIG_ID, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("alr"))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    rule_version_id: Mapped[int] = mapped_column(ForeignKey("surveillance_rule_versions.id"), index=True)
    rule_label: Mapped[str] = mapped_column(String(80))  # key@vN as it was
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)  # the effective parameters used
    floor_code: Mapped[str | None] = mapped_column(String(30), index=True)
    instrument_code: Mapped[str | None] = mapped_column(String(40))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)  # the main subject
    subjects: Mapped[list] = mapped_column(JSON, default=list)  # every enterprise's public id involved
    group_key: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(10), default="medium")  # low | medium | high
    score: Mapped[int] = mapped_column(default=0)  # 0–100, how far past the threshold
    sentence_zh: Mapped[str] = mapped_column(Text)
    sentence_en: Mapped[str] = mapped_column(Text)
    measures: Mapped[dict] = mapped_column(JSON, default=dict)  # the numbers in the sentence
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # the rows the detector saw, as seen
    occurred_on: Mapped[date] = mapped_column(Date)  # Shanghai day of the last row
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(10), default="live")  # live | scan | demo
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open | in_case | dismissed
    case_id: Mapped[int | None] = mapped_column(ForeignKey("oversight_cases.id"), index=True)

    rule_version: Mapped[SurveillanceRuleVersion] = relationship()
    case: Mapped["OversightCase | None"] = relationship()  # noqa: F821  (marketplace.oversight.cases.models)


class SurveillanceBacktest(db.Model):
    """A draft (or any) version run over stored history and compared with the active version; writes no alerts."""

    __tablename__ = "surveillance_backtests"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(24), unique=True, default=lambda: new_public_id("sbt"))
    candidate_version_id: Mapped[int] = mapped_column(ForeignKey("surveillance_rule_versions.id"), index=True)
    baseline_version_id: Mapped[int | None] = mapped_column(ForeignKey("surveillance_rule_versions.id"))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending | running | done | failed
    progress: Mapped[int] = mapped_column(default=0)  # percent
    result: Mapped[dict] = mapped_column(JSON, default=dict)  # counts, added and dropped findings
    error: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate: Mapped[SurveillanceRuleVersion] = relationship(foreign_keys=[candidate_version_id])
    baseline: Mapped[SurveillanceRuleVersion | None] = relationship(foreign_keys=[baseline_version_id])
    requested_by: Mapped[User] = relationship()
