"""Facts for tests: the credit file's ``facts_for`` replaced by whatever a test says an enterprise did."""
from datetime import date, timedelta

import pytest

from credit.file import services as file
from credit.scoring.facts import Facts, Payment


@pytest.fixture
def conduct(monkeypatch):
    """``conduct[enterprise.id] = callable(as_of) -> Facts``; enterprises not named are new and clean."""
    recorded = {}

    def facts_for(enterprise, as_of):
        if enterprise.id in recorded:
            return recorded[enterprise.id](as_of)
        verified = enterprise.verified_at.date() if enterprise.verified_at else None
        return Facts(as_of=as_of, verified_since=verified)

    monkeypatch.setattr(file, "facts_for", facts_for)
    monkeypatch.setattr(file, "facts_for_many",
                        lambda enterprises, as_of: {e.id: facts_for(e, as_of) for e in enterprises})
    return recorded


def late_payer(days_late, count=3, reference_prefix="ct_late"):
    """Facts of an enterprise verified a year ago that paid ``count`` contracts ``days_late`` days late."""
    def facts(as_of):
        today = as_of.date()
        payments = tuple(Payment(amount_minor=1_000_000, due=today - timedelta(days=60 + n),
                                 paid=today - timedelta(days=60 + n - days_late), reference=f"{reference_prefix}{n}")
                         for n in range(count))
        return Facts(as_of=as_of, verified_since=today - timedelta(days=400), payments=payments,
                     settled_volume_minor=3_000_000)
    return facts


def good_payer(count=3):
    def facts(as_of):
        today = as_of.date()
        payments = tuple(Payment(amount_minor=1_000_000, due=today - timedelta(days=60 + n),
                                 paid=today - timedelta(days=75 + n), reference=f"ord_good{n}") for n in range(count))
        return Facts(as_of=as_of, verified_since=date(2024, 1, 1), payments=payments,
                     settled_volume_minor=3_000_000)
    return facts
