"""Scenarios: what an enterprise sees for its grade, its points and its reasons."""
from datetime import date, datetime, timedelta

import pytest

from credit.scoring.evaluate import score
from credit.scoring.facts import Delivery, Dispute, Facts, OfficialEntry, Payment
from credit.scoring.improve import how_to_improve
from credit.scoring.model import Bin, ScoreModel, Variable, grade_rank
from credit.scoring.standard import STANDARD_MODEL

AS_OF = datetime(2026, 6, 1, 9, 30)
TODAY = AS_OF.date()


def _on_time(reference="C-1"):
    return Payment(500_00, date(2026, 3, 1), date(2026, 3, 1), reference)


def _established(**facts):
    """Verified three years ago, paying on time, delivering on time with RFID reads."""
    base = dict(
        as_of=AS_OF, verified_since=date(2023, 5, 1), payments=(_on_time(),),
        deliveries=(Delivery(date(2026, 4, 1), date(2026, 4, 1), True, "D-1"),),
        settled_volume_minor=50_000_000)
    return Facts(**(base | facts))


def _entry(kind, severity="serious", **fields):
    return OfficialEntry(kind, severity, date(2026, 1, 10), reference=fields.pop("reference", "E-1"), **fields)


def _codes(result):
    return [reason.code for reason in result.reasons]


def test_a_new_verified_enterprise_gets_the_neutral_grade_and_says_so():
    result = score(STANDARD_MODEL, Facts(as_of=AS_OF, verified_since=date(2026, 5, 20)))

    assert result.grade == STANDARD_MODEL.neutral_grade == "BBB"
    assert result.override is None
    assert _codes(result) == ["NEW_NO_HISTORY"]
    assert result.reasons[0].text("en") == "newly verified with no history yet; starting grade BBB"


def test_a_good_record_scores_high_with_its_two_strongest_positive_reasons():
    result = score(STANDARD_MODEL, _established())

    assert result.model_version == "2026.1"
    assert result.grade == "AA"
    assert _codes(result) == ["ON_TIME_DELIVERIES", "LONG_TENURE"]


def test_late_payments_lower_the_grade_and_the_reason_gives_the_days_and_contracts():
    late = (Payment(500_00, date(2026, 3, 1), date(2026, 3, 21), "C-7"),
            Payment(500_00, date(2026, 4, 1), date(2026, 4, 21), "C-8"))

    result = score(STANDARD_MODEL, _established(payments=late))

    assert grade_rank(result.grade) > grade_rank(score(STANDARD_MODEL, _established()).grade)
    late_reason = result.reasons[0]
    assert late_reason.code == "PAYMENTS_LATE"
    assert late_reason.references == ("C-7", "C-8")
    assert late_reason.text("en") == "payments late by 20.0 days on average (payment index 60)"
    assert late_reason.text("zh") == "付款平均逾期 20.0 天（付款指数 60）"


@pytest.mark.parametrize(("kind", "code"), [("serious_dishonesty", "SERIOUS_DISHONESTY"),
                                            ("dishonest_debtor", "DISHONEST_DEBTOR")])
def test_a_blacklisted_enterprise_is_graded_c_whatever_its_score(kind, code):
    result = score(STANDARD_MODEL, _established(official_entries=(_entry(kind, reference="JD-2026-1"),)))

    assert result.grade == "C"
    assert result.override == code
    assert result.reasons[0].code == code and result.reasons[0].references == ("JD-2026-1",)
    assert STANDARD_MODEL.grade_for(result.score) != "C"


def test_the_abnormal_operations_list_caps_the_grade():
    result = score(STANDARD_MODEL, _established(official_entries=(_entry("abnormal_operations", "general"),)))

    assert result.grade == "BB"
    assert result.override == "ABNORMAL_OPERATIONS"
    assert result.reasons[0].text("zh") == "列入经营异常名录；等级最高为 BB"


def test_a_contested_entry_triggers_no_override():
    entries = (_entry("serious_dishonesty", contested=True), _entry("abnormal_operations", contested=True))

    result = score(STANDARD_MODEL, _established(official_entries=entries))

    assert result.override is None
    assert result.grade == STANDARD_MODEL.grade_for(result.score) == "AA"


@pytest.mark.parametrize("fields", [
    {"visible_until": date(2026, 5, 1)},   # its publicity window has closed
    {"repaired_on": date(2026, 5, 1)},     # credit repair approved
])
def test_an_entry_that_no_longer_counts_changes_nothing(fields):
    clean = score(STANDARD_MODEL, _established())

    result = score(STANDARD_MODEL, _established(official_entries=(_entry("penalty", **fields),
                                                                  _entry("dishonest_debtor", **fields))))

    assert (result.score, result.grade, result.reasons) == (clean.score, clean.grade, clean.reasons)


def test_an_entry_decided_after_the_moment_scored_does_not_count_yet():
    future = OfficialEntry("penalty", "serious", TODAY + timedelta(days=1), reference="P-9")

    assert score(STANDARD_MODEL, _established(official_entries=(future,))) == score(STANDARD_MODEL, _established())


def test_an_active_penalty_is_a_reason_with_its_severity_in_both_languages():
    penalty = _entry("penalty", "general", reference="津罚〔2026〕12号")

    result = score(STANDARD_MODEL, _established(official_entries=(penalty,)))

    reason = next(r for r in result.reasons if r.code == "PENALTY_ACTIVE")
    assert reason.text("en") == "1 general administrative penalties in force"
    assert reason.text("zh") == "1 项一般行政处罚在公示期内"
    assert reason.references == ("津罚〔2026〕12号",)


def test_at_most_four_negative_reasons_strongest_first():
    entries = (_entry("penalty", "serious"), _entry("penalty", "general"), _entry("penalty", "minor"))
    facts = _established(
        payments=(Payment(100_00, date(2026, 1, 1), None, "C-3"),),
        deliveries=(Delivery(date(2026, 5, 1), date(2026, 5, 11), False, "D-3"),),
        disputes=(Dispute(date(2026, 2, 1), "lost", "DS-1"),),
        official_entries=entries)

    negatives = [r for r in score(STANDARD_MODEL, facts).reasons if r.polarity == "negative"]

    assert [r.code for r in negatives] == ["PAYMENTS_LATE", "PENALTY_ACTIVE", "DELIVERIES_LATE", "PENALTY_ACTIVE"]
    assert [r.impact for r in negatives] == [120, 120, 60, 40]


def test_a_model_naming_an_unknown_input_is_refused_when_scored():
    model = ScoreModel("test", date(2026, 1, 1), 600, (Variable("moon_phase", (Bin(None, None, 0),)),),
                       STANDARD_MODEL.grade_bands, 640)

    with pytest.raises(ValueError, match="'moon_phase'"):
        score(model, _established())


def test_how_to_improve_names_the_one_fixable_factor_that_lifts_a_late_payer_one_grade():
    facts = _established(payments=(Payment(500_00, date(2026, 3, 1), date(2026, 3, 21), "C-7"),))
    before = score(STANDARD_MODEL, facts)

    improvement = how_to_improve(STANDARD_MODEL, facts)

    assert grade_rank(improvement.grade) == grade_rank(before.grade) - 1
    assert [fix.variable for fix in improvement.fixes] == ["payment_index"]
    fix = improvement.fixes[0]
    assert before.score + fix.points >= STANDARD_MODEL.minimum_for(improvement.grade)


def test_how_to_improve_offers_nothing_for_an_overridden_grade():
    facts = _established(official_entries=(_entry("serious_dishonesty"),))

    assert how_to_improve(STANDARD_MODEL, facts) is None
