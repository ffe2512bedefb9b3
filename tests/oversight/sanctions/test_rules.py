"""Properties of the pure sanction rules: when a sanction acts, what it bars, how decision numbers run."""
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.oversight.sanctions import rules

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(timezone.utc))
durations = st.one_of(st.none(), st.integers(min_value=1, max_value=rules.MAX_DURATION_DAYS))
offsets = st.timedeltas(min_value=timedelta(days=-4000), max_value=timedelta(days=4000))
# No test asserts a duration: the machine is shared, so neither a deadline nor the generation-speed check applies.
unhurried = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@unhurried
@given(st.sampled_from(rules.KINDS), st.sampled_from(rules.STATUSES), moments, durations, offsets)
def test_only_an_approved_sanction_ever_acts(kind, status, approved_at, days, offset):
    start, until = rules.period(approved_at, days)
    term = rules.Term(kind, status, start, until)

    acting = rules.in_force(term, approved_at + offset)

    assert not acting or status == rules.APPROVED


@unhurried
@given(st.sampled_from(rules.KINDS), moments, durations, offsets)
def test_an_approved_sanction_acts_exactly_within_its_period(kind, approved_at, days, offset):
    start, until = rules.period(approved_at, days)
    at = approved_at + offset

    acting = rules.in_force(rules.Term(kind, rules.APPROVED, start, until), at)

    assert acting == (at >= approved_at and (days is None or at < approved_at + timedelta(days=days)))


@unhurried
@given(st.sampled_from(rules.KINDS), st.sampled_from(rules.STATUSES), moments, durations)
def test_only_a_lasting_measure_in_force_can_be_lifted(kind, status, approved_at, days):
    term = rules.Term(kind, status, *rules.period(approved_at, days))

    assert rules.may_lift(term, approved_at) == (kind in rules.LASTING and status == rules.APPROVED)


@unhurried
@given(st.integers(min_value=2000, max_value=2100),
       st.lists(st.integers(min_value=1, max_value=9999), max_size=30), st.integers(min_value=2000, max_value=2100))
def test_the_next_number_is_new_and_follows_the_year_s_highest(year, sequences, other_year):
    numbers = [rules.number(year, n) for n in sequences] + [rules.number(other_year, 9999)]

    following = rules.number(year, rules.next_sequence(numbers, year))

    assert following not in numbers
    assert following.startswith(f"滨海监处〔{year}〕")
    if other_year != year:
        assert rules.next_sequence(numbers, year) == max(sequences, default=0) + 1


@unhurried
@given(st.sampled_from(rules.KINDS), st.text(max_size=20), st.one_of(st.none(), st.text(max_size=5)), durations)
def test_a_proposal_with_a_reason_and_its_kind_s_fields_passes(kind, reason, target, days):
    errors = rules.proposal_errors(kind, reason.strip(), target, days, None)

    assert ("reason" in errors) == (not reason.strip())
    assert ("target" in errors) == (kind in rules.NEEDS_TARGET and not target)
    assert ("duration_days" in errors) == (days is not None and kind not in rules.LASTING)


@unhurried
@given(st.sampled_from(rules.KINDS), st.sampled_from(rules.STATUSES), moments, durations, offsets)
def test_an_expired_sanction_no_longer_acts(kind, status, approved_at, days, offset):
    term = rules.Term(kind, status, *rules.period(approved_at, days))

    if rules.state(term, approved_at + offset) == rules.EXPIRED:
        assert not rules.in_force(term, approved_at + offset) and status == rules.APPROVED
