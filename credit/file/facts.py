"""Turn stored platform facts and official entries into the score model's ``Facts``.

Pure: it reads plain objects with the columns' attribute names, so the batched query in
``services.facts_for_many`` and the tests feed it the same way. Stored facts are events (an amount
fell due, a part was paid, goods arrived); scoring wants deals (a payment with its due and paid
days), so facts about the same order or contract are paired here by their ``reference``.
"""
from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from credit.scoring import facts as scoring

FACT_KINDS = ("payment_due", "payment_made", "delivery_due", "delivery_made", "dispute_opened", "dispute_won",
              "dispute_lost", "cancellation_by_fault", "complaint_upheld", "sanction", "settled", "withdrawn")


def in_force(platform_facts):
    """The facts that still stand: one naming another in ``corrects_id`` replaces it; "withdrawn" only removes it."""
    replaced = {fact.corrects_id for fact in platform_facts if fact.corrects_id is not None}
    return [fact for fact in platform_facts if fact.id not in replaced and fact.kind != "withdrawn"]


def assemble(as_of, verified_since, platform_facts, entries):
    """The ``credit.scoring.facts.Facts`` of one enterprise as of ``as_of`` (an aware datetime).

    Facts recorded for days after ``as_of`` do not exist yet for this moment and are left out.
    """
    day = as_of.date()
    standing = sorted((fact for fact in in_force(platform_facts) if fact.occurred_on <= day),
                      key=lambda fact: (fact.occurred_on, fact.id))
    by_kind = defaultdict(list)
    for fact in standing:
        by_kind[fact.kind].append(fact)
    return scoring.Facts(
        as_of=as_of, verified_since=verified_since,
        payments=_payments(by_kind["payment_due"], by_kind["payment_made"]),
        deliveries=_deliveries(by_kind["delivery_due"], by_kind["delivery_made"]),
        disputes=_disputes(by_kind["dispute_opened"], by_kind["dispute_won"], by_kind["dispute_lost"]),
        cancellations_by_fault=_incidents(by_kind["cancellation_by_fault"]),
        complaints_upheld=_incidents(by_kind["complaint_upheld"]),
        official_entries=tuple(scoring_entry(entry) for entry in entries if entry.decided_on <= day),
        settled_volume_minor=sum(f.amount_minor or 0 for f in by_kind["settled"]))


def scoring_entry(entry):
    """An official entry as the model sees it: counted until its window closes, it ends or it is removed, if earlier."""
    ends = [d for d in (entry.publicity_max_until, entry.ended_on, entry.removed_on) if d is not None]
    return scoring.OfficialEntry(kind=entry.kind, severity=entry.severity, decided=entry.decided_on,
                                 visible_until=min(ends) if ends else None, repaired_on=entry.repaired_on,
                                 contested=bool(entry.contested), reference=entry.public_id)


def _payments(dues, made):
    """One payment per amount owed; it is paid on the day the parts paid for its reference add up to it."""
    paid_parts = _by_reference(made)
    payments = []
    for due in dues:
        if not due.amount_minor or due.amount_minor <= 0:
            continue
        owed_on = _day(due.detail.get("due")) or due.occurred_on
        paid_on = _day_reaching(paid_parts.get(due.reference, ()), due.amount_minor,
                                lambda fact: fact.amount_minor or 0)
        payments.append(scoring.Payment(due.amount_minor, owed_on, paid_on, due.reference))
    return tuple(payments)


def _deliveries(dues, made):
    """One delivery per delivery due; delivered on the day the quantities delivered reach the quantity due."""
    arrivals = _by_reference(made)
    deliveries = []
    for due in dues:
        parts = arrivals.get(due.reference, ())
        wanted = _quantity(due.detail.get("quantity"))
        delivered_on = _day_reaching(parts, wanted, lambda fact: _quantity(fact.detail.get("quantity"))) \
            if wanted else (parts[0].occurred_on if parts else None)
        deliveries.append(scoring.Delivery(agreed=_day(due.detail.get("agreed")) or due.occurred_on,
                                           delivered=delivered_on,
                                           rfid_confirmed=any(part.detail.get("rfid_confirmed") for part in parts),
                                           reference=due.reference))
    return tuple(deliveries)


def _incidents(facts):
    return tuple(scoring.Incident(fact.occurred_on, fact.reference) for fact in facts)


def _disputes(opened, won, lost):
    outcomes = {fact.reference: "won" for fact in won} | {fact.reference: "lost" for fact in lost}
    return tuple(scoring.Dispute(fact.occurred_on, outcomes.get(fact.reference, "open"), fact.reference)
                 for fact in opened)


def _by_reference(facts):
    grouped = defaultdict(list)
    for fact in facts:
        grouped[fact.reference].append(fact)
    return grouped


def _day_reaching(parts, target, size):
    """The day the running total of ``parts`` (in day order) first reaches ``target``, or None."""
    total = 0
    for part in parts:
        total += size(part)
        if total >= target:
            return part.occurred_on
    return None


def _day(value):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _quantity(value):
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
