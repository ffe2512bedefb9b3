"""Detectors: pure functions from market events, a context and parameters to findings.

Each detector module declares ``KEY``, ``PARAMETERS`` (name → ``Parameter``: the kind, the allowed
range, the default and the unit, so a rule version is checked against them) and
``detect(events, context, parameters) -> list[Finding]``. ``DETECTORS`` lists them by key.
Detectors never raise on odd data: a row they cannot judge is skipped. ``parameters`` may name only
some parameters (or none): the rest take their declared defaults (``settings``).
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class Parameter:
    kind: str  # int | decimal | percent | seconds | minutes | days | minor | bool
    default: object
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    unit: str = ""
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Finding:
    """One suspicion: who, on which rows, the numbers behind it and the sentence that explains them.

    ``rows`` are the events the detector saw, as plain dicts (kind, ids, times as ISO text, amounts);
    ``key`` names the rows (sorted ids) so the same finding is recognised again; ``subject`` is the
    enterprise the finding is mainly about, ``subjects`` everyone involved.
    """

    detector: str
    key: str
    subject: str
    subjects: tuple
    at: datetime
    sentence_zh: str
    sentence_en: str
    measures: dict = field(default_factory=dict)
    rows: tuple = ()
    floor: str | None = None
    instrument: str | None = None
    severity: str = "medium"  # low | medium | high
    score: int = 50  # 0–100


def settings(declared, parameters):
    """The values a detector runs with: its defaults, overlaid with ``parameters``, typed as declared.

    Whole kinds come out as int, decimal kinds as Decimal, bool as bool; unknown names are ignored,
    so a detector can be called with a partial document (the engine passes the effective ones).
    """
    merged = {name: parameter.default for name, parameter in declared.items()}
    merged.update({name: value for name, value in (parameters or {}).items() if name in declared})
    return {name: _typed(declared[name].kind, value) for name, value in merged.items()}


def _typed(kind, value):
    if kind == "bool":
        return bool(value)
    if kind in ("int", "seconds", "minutes", "days", "minor"):
        return int(value)
    return Decimal(str(value))


def _registry():
    """Every detector module by its key (imported here, after ``Parameter`` and ``Finding`` exist)."""
    from marketplace.oversight.surveillance.detectors import (
        abnormal_volume, circular_trading, collusive_bidding, fake_transactions, marking_the_close, off_reference_price,
        ramping, related_matching, splitting, spoofing, wash_trades,
    )

    return {module.KEY: module for module in (
        wash_trades, related_matching, circular_trading, spoofing, marking_the_close, ramping, off_reference_price,
        splitting, abnormal_volume, fake_transactions, collusive_bidding,
    )}


DETECTORS = _registry()
