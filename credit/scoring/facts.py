"""What the score model reads: an enterprise's facts as of one moment, as plain frozen values.

The credit file gathers these from domain events and official entries; here they carry only what
scoring needs, plus the references (order, contract or entry numbers) that reasons point back to.
"""
from dataclasses import dataclass
from datetime import date, datetime

ENTRY_KINDS = ("licence", "penalty", "abnormal_operations", "serious_dishonesty", "dishonest_debtor",
               "tax_grade", "customs_category")
# 轻微 / 一般 / 严重, as in the national enterprise credit publicity system.
SEVERITIES = ("minor", "general", "serious")
DISPUTE_OUTCOMES = ("open", "won", "lost")


@dataclass(frozen=True)
class Payment:
    """One amount owed under terms; ``paid`` is None while unpaid."""
    amount_minor: int
    due: date
    paid: date | None = None
    reference: str = ""

    def __post_init__(self):
        if self.amount_minor <= 0:
            raise ValueError("a payment's amount must be positive")


@dataclass(frozen=True)
class Delivery:
    """One delivery against its agreed date; ``delivered`` is None while outstanding."""
    agreed: date
    delivered: date | None = None
    rfid_confirmed: bool = False
    reference: str = ""


@dataclass(frozen=True)
class Dispute:
    opened: date
    outcome: str = "open"
    reference: str = ""

    def __post_init__(self):
        if self.outcome not in DISPUTE_OUTCOMES:
            raise ValueError(f"a dispute's outcome must be one of {', '.join(DISPUTE_OUTCOMES)}")


@dataclass(frozen=True)
class Incident:
    """A dated fact that counts against an enterprise: a cancellation by its fault, an upheld complaint."""
    on: date
    reference: str = ""


@dataclass(frozen=True)
class OfficialEntry:
    """An entry as published by the authorities (or by operators on their behalf)."""
    kind: str
    severity: str
    decided: date
    visible_until: date | None = None
    repaired_on: date | None = None
    contested: bool = False
    reference: str = ""

    def __post_init__(self):
        if self.kind not in ENTRY_KINDS:
            raise ValueError(f"an official entry's kind must be one of {', '.join(ENTRY_KINDS)}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"an official entry's severity must be one of {', '.join(SEVERITIES)}")

    def active_at(self, moment):
        """Counts from its decision until its publicity window closes or it is repaired, whichever is first."""
        day = moment.date()
        if self.decided > day or (self.visible_until is not None and day >= self.visible_until):
            return False
        return self.repaired_on is None or self.repaired_on > day

    def triggers_override_at(self, moment):
        """An entry under objection still counts, but triggers no automatic ban while contested."""
        return self.active_at(moment) and not self.contested


@dataclass(frozen=True)
class Facts:
    """Everything the model scores, as of ``as_of``; facts dated after it are ignored."""
    as_of: datetime
    verified_since: date | None = None
    payments: tuple[Payment, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    cancellations_by_fault: tuple[Incident, ...] = ()
    complaints_upheld: tuple[Incident, ...] = ()
    official_entries: tuple[OfficialEntry, ...] = ()
    settled_volume_minor: int = 0

    def active_entries(self, *kinds):
        return tuple(e for e in self.official_entries if e.kind in kinds and e.active_at(self.as_of))

    def has_history(self):
        """Whether anything has happened yet that the score could judge."""
        day = self.as_of.date()
        return bool(
            any(p.due <= day or (p.paid is not None and p.paid <= day) for p in self.payments)
            or any(d.agreed <= day or (d.delivered is not None and d.delivered <= day) for d in self.deliveries)
            or any(d.opened <= day for d in self.disputes)
            or any(i.on <= day for i in self.cancellations_by_fault + self.complaints_upheld)
            or any(e.active_at(self.as_of) for e in self.official_entries)
            or self.settled_volume_minor > 0)
