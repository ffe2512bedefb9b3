"""Pairing stored facts into the deals the score model judges (pure: no database)."""
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from credit.file.facts import assemble

AS_OF = datetime(2026, 6, 30, 4, 0, tzinfo=timezone.utc)
_ids = iter(range(1, 10**9))


def fact(kind, on, reference="ctr_1", amount=None, corrects=None, **detail):
    return SimpleNamespace(id=next(_ids), kind=kind, occurred_on=on, amount_minor=amount, reference=reference,
                           detail=detail, corrects_id=corrects.id if corrects else None)


def entry(**fields):
    return SimpleNamespace(**({"public_id": "coe_1", "kind": "penalty", "severity": "general",
                               "decided_on": date(2026, 1, 10), "publicity_max_until": date(2027, 1, 10),
                               "ended_on": None, "removed_on": None, "repaired_on": None, "contested": False}
                              | fields))


@given(parts=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=6),
       gaps=st.lists(st.integers(min_value=0, max_value=20), min_size=6, max_size=6))
def test_a_payment_is_paid_on_the_day_its_parts_add_up_to_what_was_owed(parts, gaps):
    start = date(2026, 3, 1)
    days = [start + timedelta(days=sum(gaps[:n + 1])) for n in range(len(parts))]
    stored = [fact("payment_due", start, amount=sum(parts), due="2026-03-06")]
    stored += [fact("payment_made", day, amount=part) for part, day in zip(parts, days)]

    [payment] = assemble(AS_OF, None, stored, []).payments

    assert payment.paid == days[-1]
    assert payment.due == date(2026, 3, 6) and payment.amount_minor == sum(parts)


def test_a_payment_short_of_what_was_owed_is_unpaid():
    stored = [fact("payment_due", date(2026, 3, 1), amount=1000, due="2026-03-06"),
              fact("payment_made", date(2026, 3, 2), amount=200)]

    [payment] = assemble(AS_OF, None, stored, []).payments

    assert payment.paid is None


def test_a_delivery_is_made_when_the_quantities_delivered_reach_the_quantity_due():
    stored = [fact("delivery_due", date(2026, 3, 1), agreed="2026-03-31", quantity="100"),
              fact("delivery_made", date(2026, 3, 20), quantity="40", rfid_confirmed=True),
              fact("delivery_made", date(2026, 4, 2), quantity="60", rfid_confirmed=False)]

    [delivery] = assemble(AS_OF, None, stored, []).deliveries

    assert (delivery.agreed, delivery.delivered, delivery.rfid_confirmed) == (date(2026, 3, 31), date(2026, 4, 2), True)


def test_facts_after_the_moment_do_not_exist_yet():
    stored = [fact("settled", date(2026, 6, 1), amount=500), fact("settled", date(2026, 7, 1), amount=900),
              fact("cancellation_by_fault", date(2026, 7, 2), "ord_9")]

    facts = assemble(AS_OF, None, stored, [])

    assert facts.settled_volume_minor == 500 and facts.cancellations_by_fault == ()


def test_an_entry_counts_until_the_earliest_of_its_window_its_end_and_its_removal():
    listed = entry(kind="abnormal_operations", publicity_max_until=date(2029, 1, 10), removed_on=date(2026, 5, 1),
                   ended_on=date(2026, 6, 1), repaired_on=None, contested=True)

    [counted] = assemble(AS_OF, date(2024, 1, 1), [], [listed]).official_entries

    assert counted.visible_until == date(2026, 5, 1)
    assert counted.contested and counted.reference == "coe_1"
    assert not counted.active_at(AS_OF)


def test_a_dispute_takes_its_outcome_from_the_decision():
    stored = [fact("dispute_opened", date(2026, 4, 1), "dsp_1"), fact("dispute_lost", date(2026, 4, 20), "dsp_1"),
              fact("dispute_opened", date(2026, 5, 1), "dsp_2")]

    outcomes = [(d.reference, d.outcome) for d in assemble(AS_OF, None, stored, []).disputes]

    assert outcomes == [("dsp_1", "lost"), ("dsp_2", "open")]
