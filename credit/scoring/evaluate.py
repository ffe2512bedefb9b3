"""Scoring: facts + model → score, grade, each variable's points and the reasons behind them.

Each model variable names an input derived here from the facts; a model naming an input this
module cannot derive is refused when scored. Hard overrides come after the bands: an active,
uncontested serious-dishonesty or dishonest-debtor entry makes the grade C, and an active,
uncontested abnormal-operations listing caps it at the model's cap. A verified enterprise with no
history is scored no lower than the model's neutral score, so being new is not punished.
"""
import math
from dataclasses import dataclass
from functools import partial

from credit.scoring.model import GRADES, grade_rank
from credit.scoring.paydex import average_days_beyond_terms, days_beyond_terms, index_for_days
from credit.scoring.reasons import SEVERITY_WORDS, Reason

MAX_NEGATIVE_REASONS = 4
MAX_POSITIVE_REASONS = 2
BLACKLISTS = {"serious_dishonesty": "SERIOUS_DISHONESTY", "dishonest_debtor": "DISHONEST_DEBTOR"}


@dataclass(frozen=True)
class Observation:
    """One input's value, the numbers its reason texts need, and the references that count against or for it."""
    value: float | None
    values: tuple[tuple[str, object], ...] = ()
    against: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """A scored enterprise.

    ``override`` names the hard override that holds the grade where it is, whatever the score: a
    blacklist entry always, the abnormal-operations cap when the bands would reach it or better.
    """
    model_version: str
    score: int
    grade: str
    points: tuple[tuple[str, float | None, int], ...]
    reasons: tuple[Reason, ...]
    override: str | None = None


def score(model, facts):
    """Score ``facts`` with ``model``; the same facts and model always give an equal result.

    :raise ValueError: if the model names an input that cannot be derived from facts.
    """
    observations = {variable.code: _observe(variable.code, facts) for variable in model.variables}
    points = tuple((v.code, observations[v.code].value, v.points_for(observations[v.code].value))
                   for v in model.variables)
    total = model.base_points + sum(p for _code, _value, p in points)
    new_and_clean = _verified(facts) and not facts.has_history()
    total = max(total, model.neutral_score) if new_and_clean else total
    grade = model.grade_for(total)

    negatives, positives, neutral = [], [], []
    override = None
    for kind, code in BLACKLISTS.items():
        entries = [e for e in facts.official_entries if e.kind == kind and e.triggers_override_at(facts.as_of)]
        if entries:
            negatives.append(Reason(code, "negative", math.inf, references=_references(entries)))
            override, grade = code, "C"
    abnormal = [e for e in facts.official_entries
                if e.kind == "abnormal_operations" and e.triggers_override_at(facts.as_of)]
    if abnormal:
        cap = model.abnormal_operations_cap
        negatives.append(Reason("ABNORMAL_OPERATIONS", "negative", math.inf, (("cap", cap),), _references(abnormal)))
        if grade_rank(grade) <= grade_rank(cap):
            override, grade = "ABNORMAL_OPERATIONS", cap
    if new_and_clean:
        neutral.append(Reason("NEW_NO_HISTORY", "neutral", 0, (("grade", model.neutral_grade),)))

    for code, _value, earned in points:
        observation = observations[code]
        against_code, for_code = REASON_CODES[code]
        if earned < 0:
            negatives.append(Reason(against_code, "negative", -earned, observation.values, observation.against))
        elif earned > 0:
            positives.append(Reason(for_code, "positive", earned, observation.values, observation.supporting))

    reasons = (sorted(negatives, key=_by_impact)[:MAX_NEGATIVE_REASONS] + neutral
               + sorted(positives, key=_by_impact)[:MAX_POSITIVE_REASONS])
    return Result(model.version, total, grade, points, tuple(reasons), override)


def next_grade(grade):
    """The grade one better than ``grade`` (None above AAA)."""
    rank = grade_rank(grade)
    return GRADES[rank - 1] if rank > 0 else None


def _observe(code, facts):
    if code in OBSERVERS:
        return OBSERVERS[code](facts)
    raise ValueError(f"variable {code!r}: no such input can be derived from the facts")


def _by_impact(reason):
    """Largest impact first; the code breaks ties so the order never depends on the input's order."""
    return -reason.impact, reason.code


def _verified(facts):
    return facts.verified_since is not None and facts.verified_since <= facts.as_of.date()


def _references(items):
    return tuple(item.reference for item in items if item.reference)


def _payment_index(facts):
    day = facts.as_of.date()
    days = average_days_beyond_terms(facts.payments, day)
    if days is None:
        return Observation(None)
    judged = [(p, d) for p in facts.payments if (d := days_beyond_terms(p, day)) is not None]
    index = index_for_days(days)
    return Observation(index, (("days", round(days, 1)), ("index", index)),
                       _references(p for p, d in judged if d > 0), _references(p for p, d in judged if d <= 0))


def _delivery_days_late(facts):
    """Mean days late per delivery judged so far; early counts as on time, outstanding ones as late by now."""
    day = facts.as_of.date()
    judged = []
    for delivery in facts.deliveries:
        if delivery.delivered is not None and delivery.delivered <= day:
            judged.append((delivery, max(0, (delivery.delivered - delivery.agreed).days)))
        elif delivery.agreed < day:
            judged.append((delivery, (day - delivery.agreed).days))
    if not judged:
        return Observation(None)
    mean = sum(late for _delivery, late in judged) / len(judged)
    return Observation(mean, (("days", round(mean, 1)), ("count", len(judged))),
                       _references(d for d, late in judged if late > 0),
                       _references(d for d, late in judged if late == 0))


def _rfid_confirmed_share(facts):
    day = facts.as_of.date()
    delivered = [d for d in facts.deliveries if d.delivered is not None and d.delivered <= day]
    if not delivered:
        return Observation(None)
    share = sum(d.rfid_confirmed for d in delivered) / len(delivered)
    return Observation(share, (("percent", round(share * 100)),),
                       _references(d for d in delivered if not d.rfid_confirmed),
                       _references(d for d in delivered if d.rfid_confirmed))


def _counted(items):
    return Observation(len(items), (("count", len(items)),), _references(items))


def _disputes_lost(facts):
    return _counted([d for d in facts.disputes if d.outcome == "lost" and d.opened <= facts.as_of.date()])


def _cancellations_by_fault(facts):
    return _counted([i for i in facts.cancellations_by_fault if i.on <= facts.as_of.date()])


def _complaints_upheld(facts):
    return _counted([i for i in facts.complaints_upheld if i.on <= facts.as_of.date()])


def _penalties(facts, severity):
    entries = [e for e in facts.active_entries("penalty") if e.severity == severity]
    english, chinese = SEVERITY_WORDS[severity]
    return Observation(len(entries), (("count", len(entries)), ("severity_en", english), ("severity_zh", chinese)),
                       _references(entries))


def _tenure_months(facts):
    if not _verified(facts):
        return Observation(None)
    since, day = facts.verified_since, facts.as_of.date()
    months = (day.year - since.year) * 12 + day.month - since.month - (day.day < since.day)
    return Observation(months, (("months", months),))


def _settled_volume_minor(facts):
    return Observation(facts.settled_volume_minor, (("amount", f"{facts.settled_volume_minor / 100:,.2f}"),))


OBSERVERS = {
    "payment_index": _payment_index,
    "delivery_days_late": _delivery_days_late,
    "rfid_confirmed_share": _rfid_confirmed_share,
    "disputes_lost": _disputes_lost,
    "cancellations_by_fault": _cancellations_by_fault,
    "complaints_upheld": _complaints_upheld,
    "penalties_minor": partial(_penalties, severity="minor"),
    "penalties_general": partial(_penalties, severity="general"),
    "penalties_serious": partial(_penalties, severity="serious"),
    "tenure_months": _tenure_months,
    "settled_volume_minor": _settled_volume_minor,
}

# For each input: the reason code when it costs points, and when it earns them.
REASON_CODES = {
    "payment_index": ("PAYMENTS_LATE", "ON_TIME_PAYER"),
    "delivery_days_late": ("DELIVERIES_LATE", "ON_TIME_DELIVERIES"),
    "rfid_confirmed_share": ("FEW_RFID_CONFIRMED", "RFID_CONFIRMED"),
    "disputes_lost": ("DISPUTES_LOST", "DISPUTES_LOST"),
    "cancellations_by_fault": ("CANCELLATIONS_BY_FAULT", "CANCELLATIONS_BY_FAULT"),
    "complaints_upheld": ("COMPLAINTS_UPHELD", "COMPLAINTS_UPHELD"),
    "penalties_minor": ("PENALTY_ACTIVE", "PENALTY_ACTIVE"),
    "penalties_general": ("PENALTY_ACTIVE", "PENALTY_ACTIVE"),
    "penalties_serious": ("PENALTY_ACTIVE", "PENALTY_ACTIVE"),
    "tenure_months": ("SHORT_TENURE", "LONG_TENURE"),
    "settled_volume_minor": ("SMALL_SETTLED_VOLUME", "LARGE_SETTLED_VOLUME"),
}
