"""Running a version over events and comparing two versions' findings (pure, with hypothesis properties)."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.oversight.surveillance.detectors import Finding, Parameter
from marketplace.oversight.surveillance.evaluation import Judged, compare, run_version
from marketplace.oversight.surveillance.events import Context, PaymentEvent

START = datetime(2026, 11, 2, 1, tzinfo=timezone.utc)


def payment(n, amount):
    return PaymentEvent(at=START + timedelta(minutes=n), reference=f"ord_{n}", payer="ent_a", payee="ent_b",
                        amount_minor=amount, currency="CNY", account="acct")


def big_payments(events, context, parameters):
    """A detector for these tests: one finding per payment at or above ``threshold_minor``."""
    return [Finding(detector="big", key=f"big:{event.reference}", subject=event.payer, subjects=(event.payer,),
                    at=event.at, sentence_zh="大额", sentence_en="large", floor=getattr(event, "floor", None))
            for event in events if event.amount_minor >= parameters["threshold_minor"]]


DETECTOR = SimpleNamespace(KEY="big", PARAMETERS={"threshold_minor": Parameter("minor", 1000, 1, 10**9)},
                           detect=big_payments)


def judged(keys):
    return [Judged(Finding(detector="big", key=key, subject="ent_a", subjects=("ent_a",), at=START, sentence_zh="",
                           sentence_en=""), {}) for key in keys]


def test_findings_carry_the_parameters_they_were_judged_with():
    events = (payment(1, 500), payment(2, 5000))
    [found] = run_version(DETECTOR, {"threshold_minor": 2000}, {}, events, Context())
    assert found.finding.key == "big:ord_2" and found.parameters == {"threshold_minor": 2000}


@settings(deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=10_000), max_size=30), st.integers(min_value=1, max_value=10_000))
def test_a_lower_threshold_never_finds_less(amounts, threshold):
    events = tuple(payment(n, amount) for n, amount in enumerate(amounts))
    strict = run_version(DETECTOR, {"threshold_minor": threshold}, {}, events, Context())
    lenient = run_version(DETECTOR, {"threshold_minor": max(1, threshold // 2)}, {}, events, Context())
    comparison = compare(lenient, strict)
    assert comparison.dropped == () and len(comparison.added) == len(lenient) - len(strict)


@settings(deadline=None)
@given(st.sets(st.text(min_size=1, max_size=4), max_size=12), st.sets(st.text(min_size=1, max_size=4), max_size=12))
def test_added_dropped_and_kept_partition_both_sides(candidate_keys, baseline_keys):
    comparison = compare(judged(candidate_keys), judged(baseline_keys))
    keys = lambda items: {item.finding.key for item in items}  # noqa: E731
    assert keys(comparison.added) == candidate_keys - baseline_keys
    assert keys(comparison.dropped) == baseline_keys - candidate_keys
    assert keys(comparison.kept) == candidate_keys & baseline_keys
