"""Official entries as oversight would enter them, for credit-file tests."""
from datetime import timedelta

from marketplace.i18n import shanghai_day


def penalty_fields(enterprise, days_ago=30, **fields):
    """A general-severity administrative penalty decided ``days_ago`` days ago."""
    return {"credit_code": enterprise.credit_code, "kind": "penalty", "severity": "general",
            "decided_on": (shanghai_day() - timedelta(days=days_ago)).isoformat(),
            "authority": "天津市滨海新区市场监督管理局", "decision_number": "津滨市监罚〔2026〕118号",
            "title": "未按规定公示年度报告", "content": "警告并处罚款人民币5000元"} | fields
