"""Properties of scoring over generated credit files, with the standard model."""
from dataclasses import replace
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from credit.scoring.evaluate import score
from credit.scoring.facts import ENTRY_KINDS, SEVERITIES, Delivery, Dispute, Facts, Incident, OfficialEntry, Payment
from credit.scoring.improve import how_to_improve
from credit.scoring.model import grade_rank
from credit.scoring.paydex import average_days_beyond_terms
from credit.scoring.standard import STANDARD_MODEL

AS_OF = datetime(2026, 6, 1, 12)
TODAY = AS_OF.date()
days_ago = st.integers(min_value=0, max_value=900).map(lambda n: TODAY - timedelta(days=n))
days_around = st.integers(min_value=-400, max_value=400).map(lambda n: TODAY + timedelta(days=n))
references = st.text("0123456789", min_size=1, max_size=4).map("R-{}".format)


@st.composite
def payments(draw, due=days_ago):
    """Payments already due (so each is judged), paid or not, early or late."""
    owed = draw(due)
    paid = draw(st.none() | st.integers(min_value=-60, max_value=120).map(lambda n: owed + timedelta(days=n)))
    return Payment(draw(st.integers(1, 10_000_000)), owed, paid if paid is None or paid <= TODAY else None,
                   draw(references))


@st.composite
def entries(draw):
    visible_until = draw(st.none() | days_around)
    return OfficialEntry(draw(st.sampled_from(ENTRY_KINDS)), draw(st.sampled_from(SEVERITIES)), draw(days_around),
                         visible_until, draw(st.none() | days_around), draw(st.booleans()), draw(references))


facts = st.builds(
    Facts,
    as_of=st.just(AS_OF),
    verified_since=st.none() | days_around,
    payments=st.lists(payments(), max_size=6).map(tuple),
    deliveries=st.lists(st.builds(Delivery, days_around, st.none() | days_around, st.booleans(), references),
                        max_size=5).map(tuple),
    disputes=st.lists(st.builds(Dispute, days_around, st.sampled_from(("open", "won", "lost")), references),
                      max_size=4).map(tuple),
    cancellations_by_fault=st.lists(st.builds(Incident, days_around, references), max_size=4).map(tuple),
    complaints_upheld=st.lists(st.builds(Incident, days_around, references), max_size=4).map(tuple),
    official_entries=st.lists(entries(), max_size=5).map(tuple),
    settled_volume_minor=st.integers(0, 5_000_000_000),
)


@given(facts)
def test_the_same_facts_and_model_give_the_same_result(credit_file):
    rebuilt = replace(credit_file, payments=tuple(credit_file.payments))

    assert score(STANDARD_MODEL, credit_file) == score(STANDARD_MODEL, rebuilt)


@given(facts, st.data())
def test_a_payment_later_than_the_average_never_raises_the_score(credit_file, data):
    average = average_days_beyond_terms(credit_file.payments, TODAY)
    at_least = max(1, int(average or 0) + 1)
    lateness = data.draw(st.integers(min_value=at_least, max_value=at_least + 400))
    due = data.draw(st.integers(min_value=lateness, max_value=lateness + 400).map(lambda n: TODAY - timedelta(days=n)))
    late = Payment(data.draw(st.integers(1, 10_000_000)), due, due + timedelta(days=lateness), "LATE")

    before = score(STANDARD_MODEL, credit_file)
    after = score(STANDARD_MODEL, replace(credit_file, payments=credit_file.payments + (late,)))

    assert after.score <= before.score
    assert grade_rank(after.grade) >= grade_rank(before.grade)


@given(facts, st.data())
def test_paying_one_payment_later_never_raises_the_score(credit_file, data):
    if not credit_file.payments:
        return
    position = data.draw(st.integers(0, len(credit_file.payments) - 1))
    payment = credit_file.payments[position]
    later = data.draw(st.none() | st.integers(1, 200).map(lambda n: (payment.paid or TODAY) + timedelta(days=n)))
    if payment.paid is None and later is not None:
        return  # an unpaid payment cannot be paid later than never
    moved = replace(payment, paid=later if later is None or later <= TODAY else None)
    changed = list(credit_file.payments)
    changed[position] = moved

    before = score(STANDARD_MODEL, credit_file)
    after = score(STANDARD_MODEL, replace(credit_file, payments=tuple(changed)))

    assert after.score <= before.score
    assert grade_rank(after.grade) >= grade_rank(before.grade)


@given(facts, st.data())
def test_repairing_an_entry_never_lowers_the_score_or_the_grade(credit_file, data):
    active = [i for i, e in enumerate(credit_file.official_entries) if e.active_at(AS_OF)]
    if not active:
        return
    position = data.draw(st.sampled_from(active))
    repaired = list(credit_file.official_entries)
    repaired[position] = replace(repaired[position], repaired_on=TODAY)

    before = score(STANDARD_MODEL, credit_file)
    after = score(STANDARD_MODEL, replace(credit_file, official_entries=tuple(repaired)))

    assert after.score >= before.score
    assert grade_rank(after.grade) <= grade_rank(before.grade)


@given(facts)
def test_the_grade_follows_the_bands_unless_an_override_says_why(credit_file):
    result = score(STANDARD_MODEL, credit_file)

    if result.override is None:
        assert result.grade == STANDARD_MODEL.grade_for(result.score)
    else:
        assert grade_rank(result.grade) >= grade_rank(STANDARD_MODEL.grade_for(result.score))
        assert result.override in [reason.code for reason in result.reasons]


@given(facts)
def test_the_score_is_base_points_plus_each_variables_points_never_below_neutral_for_newcomers(credit_file):
    result = score(STANDARD_MODEL, credit_file)
    total = STANDARD_MODEL.base_points + sum(points for _code, _value, points in result.points)

    if "NEW_NO_HISTORY" in [reason.code for reason in result.reasons]:
        assert result.score == max(total, STANDARD_MODEL.neutral_score)
    else:
        assert result.score == total


@given(facts)
def test_at_most_four_negative_and_two_positive_reasons_strongest_first(credit_file):
    reasons = score(STANDARD_MODEL, credit_file).reasons
    negative = [r.impact for r in reasons if r.polarity == "negative"]
    positive = [r.impact for r in reasons if r.polarity == "positive"]

    assert len(negative) <= 4 and len(positive) <= 2
    assert negative == sorted(negative, reverse=True) and positive == sorted(positive, reverse=True)
    for reason in reasons:
        assert reason.text("en") and reason.text("zh")


@given(facts)
def test_how_to_improve_offers_the_fewest_fixable_changes_of_inputs_the_file_has(credit_file):
    improvement = how_to_improve(STANDARD_MODEL, credit_file)
    if improvement is None:
        return
    result = score(STANDARD_MODEL, credit_file)
    total = STANDARD_MODEL.base_points + sum(points for _code, _value, points in result.points)
    earned = {code: points for code, _value, points in result.points}
    observed = {code for code, value, _points in result.points if value is not None}
    fixable = {v.code for v in STANDARD_MODEL.variables if v.fixable} & observed
    best_single_gain = max(max(b.points for b in v.bins) - earned[v.code]
                           for v in STANDARD_MODEL.variables if v.code in fixable)

    assert grade_rank(improvement.grade) == grade_rank(result.grade) - 1
    assert {fix.variable for fix in improvement.fixes} <= fixable
    assert total + sum(fix.points for fix in improvement.fixes) >= STANDARD_MODEL.minimum_for(improvement.grade)
    if len(improvement.fixes) > 1:
        assert total + best_single_gain < STANDARD_MODEL.minimum_for(improvement.grade)
