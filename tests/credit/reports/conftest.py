"""Three enterprises for report tests: the subject of a report, a counterparty, and a stranger to both."""
from dataclasses import dataclass
from datetime import timedelta

import pytest

from credit.file import services as credit_file
from credit.grading import services as grading
from credit.reports import services as reports
from marketplace.accounts.models import Enterprise, User
from marketplace.database import transaction
from marketplace.i18n import shanghai_day
from tests.builders import owner_of

READ_AND_WRITE = ["credit:read", "credit:write"]


@dataclass
class Parties:
    subject: Enterprise
    subject_owner: User
    counterparty: Enterprise
    counterparty_owner: User
    stranger: Enterprise
    stranger_owner: User
    operator: User
    regulator: User


@pytest.fixture
def parties(world):
    subject, counterparty, stranger = world.enterprise(), world.enterprise(), world.enterprise()
    found = Parties(subject, owner_of(subject), counterparty, owner_of(counterparty), stranger, owner_of(stranger),
                    world.operator(), world.regulator())
    with transaction():
        grading.rescore(subject, "verified")
    return found


def penalty(enterprise, operator, days_ago=30, severity="general", title="未按规定公示年度报告", **fields):
    """An administrative penalty decided ``days_ago`` days ago, entered by oversight."""
    return credit_file.record_entry(operator, {
        "credit_code": enterprise.credit_code, "kind": "penalty", "severity": severity,
        "decided_on": (shanghai_day() - timedelta(days=days_ago)).isoformat(),
        "authority": "天津市滨海新区市场监督管理局", "decision_number": f"津滨市监罚〔2026〕{days_ago}号",
        "title": title, "content": "警告并处罚款人民币5000元"} | fields)


def licence(enterprise, operator, title="危险化学品经营许可证", valid_for_days=365):
    return credit_file.record_entry(operator, {
        "credit_code": enterprise.credit_code, "kind": "licence", "severity": "minor",
        "decided_on": (shanghai_day() - timedelta(days=10)).isoformat(),
        "authority": "天津市滨海新区应急管理局", "title": title,
        "valid_until": (shanghai_day() + timedelta(days=valid_for_days)).isoformat()})


def authorise(parties, days=30, purpose="2027 年一季度钢材供货合同"):
    """The subject's owner authorises the counterparty for ``days`` days."""
    return reports.grant_authorisation(parties.subject_owner, parties.subject, parties.counterparty.credit_code,
                                       shanghai_day() + timedelta(days=days), purpose)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}
