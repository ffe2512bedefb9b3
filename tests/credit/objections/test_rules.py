"""The pure rules of filing: repair only from the minimum period's end, one open filing, deadlines in working days."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.objections import rules
from marketplace.workdays import is_working_day

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))


def _penalty(minimum, **changes):
    return rules.EntryState(**({"kind": "penalty", "ended_on": None, "removed_on": None, "repaired_on": None,
                                "publicity_min_until": minimum, "publicity_max_until": date(2031, 1, 1)} | changes))


@given(DAYS, DAYS)
def test_repair_is_open_exactly_from_the_end_of_the_minimum_period(minimum, today):
    if today < minimum:
        with pytest.raises(rules.Refused) as refused:
            rules.check_repair(_penalty(minimum), today)
        assert (refused.value.code, refused.value.day) == ("before_minimum", minimum)
    else:
        rules.check_repair(_penalty(minimum), today)


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_an_answer_is_due_on_a_working_day_after_filing_and_overdue_only_after_it(filed, working_days):
    due = rules.due_on(filed, working_days)
    assert due > filed and is_working_day(due)
    assert not rules.is_overdue("pending", due, due)
    assert rules.is_overdue("pending", due, due + timedelta(days=1))
    assert not rules.is_overdue("kept", due, due + timedelta(days=1))


@pytest.mark.parametrize("changes, code", [
    ({"objection_open": True}, "objection_open"),
    ({"repair_open": True}, "repair_open"),
    ({"ended_on": date(2026, 5, 1)}, "ended"),
    ({"repaired_on": date(2026, 5, 1)}, "repaired"),
    ({"removed_on": date(2026, 5, 1)}, "off_the_list"),
    ({"publicity_max_until": date(2026, 6, 1)}, "expired"),
    ({"kind": "licence"}, "not_repairable"),
])
def test_repair_is_refused_for_an_entry_not_in_force_or_already_under_review(changes, code):
    with pytest.raises(rules.Refused) as refused:
        rules.check_repair(_penalty(date(2026, 1, 1), **changes), date(2026, 6, 1))
    assert refused.value.code == code


def test_an_entry_in_force_may_be_contested_once_at_a_time():
    rules.check_objection(_penalty(date(2027, 1, 1)), date(2026, 6, 1))  # before the minimum too
    with pytest.raises(rules.Refused, match="objection_open"):
        rules.check_objection(_penalty(date(2027, 1, 1), objection_open=True), date(2026, 6, 1))
