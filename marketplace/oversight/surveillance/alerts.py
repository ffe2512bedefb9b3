"""Alerts: findings stored as they were seen, filed into cases, and read back for pages and dashboards.

An alert freezes, at the moment it is raised, the rule version's label, the effective parameters,
the rows the detector saw, its numbers and its sentence in Chinese and English; nothing later
changes them. Its fingerprint (rule version and the rows concerned) is unique, so the live path,
a rescan and two processes at once raise each alert once.
"""
import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.audit import services as audit
from marketplace.database import transaction
from marketplace.errors import NotFound
from marketplace.i18n import SHANGHAI, shanghai_day
from marketplace.oversight.cases import services as cases
from marketplace.oversight.groups import services as groups
from marketplace.oversight.surveillance import sources
from marketplace.oversight.surveillance.models import SurveillanceAlert, SurveillanceRule, SurveillanceRuleVersion

PAGE_SIZE = 50


def fingerprint(version, finding):
    """SHA-256 of the version's label and the finding's key: the same rows by the same version, the same alert."""
    return hashlib.sha256(f"{version.label}|{finding.key}".encode()).hexdigest()


def plain(value):
    """``value`` as JSON keeps it for ever: Decimals and times as text, tuples as lists."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def raise_alerts(version, judged, source="live"):
    """Store each new finding of ``version`` as an alert and file it into its case; :return: the alerts raised.

    Findings already raised (same fingerprint) and findings about an enterprise not on the platform are skipped.
    """
    raised = []
    with transaction() as session:
        subjects = sources.enterprises_by_public_id({item.finding.subject for item in judged})
        for item in judged:
            enterprise = subjects.get(item.finding.subject)
            marker = fingerprint(version, item.finding)
            if enterprise is None or session.scalar(select(SurveillanceAlert.id).where(SurveillanceAlert.fingerprint == marker)):
                continue
            alert = _stored(session, version, item, enterprise, marker, source)
            if alert is not None:
                raised.append(alert)
    return raised


def _stored(session, version, item, enterprise, marker, source):
    finding = item.finding
    alert = SurveillanceAlert(
        fingerprint=marker, rule_version_id=version.id, rule_label=version.label, parameters=plain(item.parameters),
        floor_code=finding.floor, instrument_code=finding.instrument, enterprise_id=enterprise.id,
        subjects=list(finding.subjects), group_key=groups.group_key_of(enterprise), severity=finding.severity,
        score=max(0, min(100, int(finding.score))), sentence_zh=finding.sentence_zh, sentence_en=finding.sentence_en,
        measures=plain(finding.measures), evidence=plain(list(finding.rows)), occurred_on=shanghai_day(finding.at),
        source=source)
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        return None  # another process raised it at the same moment
    audit.record("oversight.alert_raised", enterprise=enterprise.public_id, target=alert.public_id,
                 after={"rule": alert.rule_label, "fingerprint": marker, "sentence_en": alert.sentence_en})
    cases.file_alert(alert)
    return alert


def alert_named(public_id):
    """:raise NotFound: if no alert has that public id."""
    with transaction() as session:
        alert = session.scalar(select(SurveillanceAlert).where(SurveillanceAlert.public_id == public_id))
        if alert is None:
            raise NotFound(_("There is no such alert."))
        return alert


def _filtered(statement, floor=None, rule=None, status=None, day=None, enterprise=None):
    if floor:
        statement = statement.where(SurveillanceAlert.floor_code == floor)
    if rule:
        statement = (statement.join(SurveillanceRuleVersion, SurveillanceRuleVersion.id == SurveillanceAlert.rule_version_id)
                     .join(SurveillanceRule, SurveillanceRule.id == SurveillanceRuleVersion.rule_id)
                     .where(SurveillanceRule.key == rule))
    if status:
        statement = statement.where(SurveillanceAlert.status == status)
    if day:
        statement = statement.where(SurveillanceAlert.occurred_on == day)
    if enterprise is not None:
        statement = statement.where(SurveillanceAlert.enterprise_id == enterprise.id)
    return statement


def search_alerts(floor=None, rule=None, status=None, day=None, enterprise=None, page=1):
    """``(alerts, total)``: one page of alerts matching the filters, newest first."""
    statement = _filtered(select(SurveillanceAlert), floor, rule, status, day, enterprise)
    with transaction() as session:
        total = session.scalar(select(func.count()).select_from(statement.subquery()))
        alerts = session.scalars(statement.order_by(SurveillanceAlert.raised_at.desc(), SurveillanceAlert.id.desc())
                                 .limit(PAGE_SIZE).offset((max(page, 1) - 1) * PAGE_SIZE)).all()
        return alerts, total


def alert_counts_by_day(start, end, floor=None):
    """``{day: count}`` for every Shanghai day from ``start`` to ``end`` (both included; days without alerts are 0)."""
    statement = (select(SurveillanceAlert.occurred_on, func.count()).where(
        SurveillanceAlert.occurred_on >= start, SurveillanceAlert.occurred_on <= end).group_by(SurveillanceAlert.occurred_on))
    with transaction() as session:
        counted = {row[0]: row[1] for row in session.execute(_filtered(statement, floor))}
    days = (end - start).days + 1
    return {start + timedelta(days=offset): counted.get(start + timedelta(days=offset), 0) for offset in range(max(days, 0))}


def day_bounds(start, end):
    """UTC instants of the start of Shanghai day ``start`` and the end of Shanghai day ``end``."""
    return (datetime.combine(start, time(), SHANGHAI), datetime.combine(end + timedelta(days=1), time(), SHANGHAI))
