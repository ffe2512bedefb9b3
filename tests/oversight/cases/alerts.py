"""Alerts stored as the surveillance engine stores them, so cases can be tested without the engine."""
import hashlib
import itertools
from datetime import date

from sqlalchemy import select

from marketplace.database import transaction
from marketplace.extensions import db
from marketplace.oversight.cases import services
from marketplace.oversight.surveillance.models import SurveillanceAlert, SurveillanceRule, SurveillanceRuleVersion

RULE_KEY = "cases_test_wash"
_numbers = itertools.count(1)


def rule_version(session):
    """A v1 of a test rule, created on first use."""
    rule = session.scalar(select(SurveillanceRule).where(SurveillanceRule.key == RULE_KEY))
    if rule is None:
        rule = SurveillanceRule(key=RULE_KEY, detector="wash_trades", name_zh="对敲交易", name_en="Wash trades")
        session.add(rule)
        session.flush()
    version = session.scalar(select(SurveillanceRuleVersion).where(SurveillanceRuleVersion.rule_id == rule.id))
    if version is None:
        version = SurveillanceRuleVersion(rule_id=rule.id, version=1, status="active",
                                          parameters={"min_trades": 2})
        session.add(version)
        session.flush()
    return version


def new_alert(enterprise, *, group_key=None, day=date(2026, 11, 20), other=None, quantity="40"):
    """An unsaved alert about ``enterprise`` (and ``other``), as the engine builds one, added to the session."""
    session = db.session
    version = rule_version(session)
    number = next(_numbers)
    subjects = [enterprise.public_id] + ([other.public_id] if other is not None else [])
    alert = SurveillanceAlert(
        fingerprint=hashlib.sha256(f"{RULE_KEY}:{number}:{enterprise.public_id}:{day}".encode()).hexdigest(),
        rule_version_id=version.id, rule_label=f"{RULE_KEY}@v1", parameters={"min_trades": 2},
        floor_code="steel", instrument_code="HRC-Q235", enterprise_id=enterprise.id, subjects=subjects,
        group_key=group_key or enterprise.public_id, severity="high", score=80,
        sentence_zh=f"同一控制组内双方成交 {quantity} 吨，限值 2 笔", sentence_en=f"Both sides in one group traded {quantity} t, limit 2 trades",
        measures={"quantity": quantity},
        evidence=[{"trade": f"trd_{number}a", "quantity": quantity, "price": "3850.00", "buyer": subjects[0],
                   "seller": subjects[-1]},
                  {"trade": f"trd_{number}b", "quantity": quantity, "price": "3851.00", "buyer": subjects[-1],
                   "seller": subjects[0]}],
        occurred_on=day, source="live")
    session.add(alert)
    return alert


def raise_alert(enterprise, **kwargs):
    """Store an alert and file it in the same transaction, as the engine does. :return: (alert, case)."""
    with transaction():
        alert = new_alert(enterprise, **kwargs)
        case = services.file_alert(alert)
        return alert, case
