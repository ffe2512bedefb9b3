"""The statutory clocks in mainland working days: properties, and scenarios across real holidays."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.config import DefaultConfig
from marketplace.oversight.complaints import clocks
from marketplace.workdays import is_working_day

DURATIONS = DefaultConfig.OVERSIGHT_COMPLAINT_CLOCKS
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
stages = st.sampled_from(clocks.STAGES)


@given(days, stages)
def test_a_clock_ends_on_a_working_day_after_it_starts(start, stage):
    due = clocks.due_on(stage, start, DURATIONS)
    assert due > start
    assert is_working_day(due)


@given(days, stages)
def test_a_clock_counts_exactly_its_working_days(start, stage):
    due = clocks.due_on(stage, start, DURATIONS)
    counted = sum(is_working_day(start + timedelta(days=i)) for i in range(1, (due - start).days + 1))
    assert counted == DURATIONS[stage]


@given(days, days, stages)
def test_a_later_start_never_ends_earlier(first, second, stage):
    early, late = sorted((first, second))
    assert clocks.due_on(stage, early, DURATIONS) <= clocks.due_on(stage, late, DURATIONS)


@given(days, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_an_extension_adds_up(start, first, extension):
    durations = {**DURATIONS, "verify": first, "verify_extension": extension}
    extended = clocks.due_on("verify_extension", clocks.due_on("verify", start, durations), durations)
    assert extended == clocks.due_on("verify", start, {**durations, "verify": first + extension})


@given(days, days, st.one_of(st.none(), days))
def test_a_clock_is_overdue_only_while_open_past_its_day(due, today, done):
    clock = clocks.Clock("accept", due, done)
    assert clock.overdue(today) == (done is None and today > due)
    assert clocks.overdue_stages([clock], today) == (["accept"] if clock.overdue(today) else [])


def test_filed_before_national_day_accept_counts_the_adjusted_saturday_and_skips_the_holiday():
    """2026-09-30 (Wed): 1–7 Oct are holidays, Saturday 10 Oct is a working day, Sunday 11 is not."""
    assert clocks.due_on("accept", date(2026, 9, 30), DURATIONS) == date(2026, 10, 15)
    assert clocks.due_on("tell_reporter", date(2026, 9, 30), DURATIONS) == date(2026, 10, 13)


def test_filed_before_spring_festival_counts_both_adjusted_saturdays():
    """2026-02-13 (Fri): Saturday 14 Feb works, 15–23 Feb are holidays, Saturday 28 Feb works."""
    assert clocks.due_on("accept", date(2026, 2, 13), DURATIONS) == date(2026, 3, 2)


def test_a_clock_started_on_a_holiday_counts_from_the_next_working_day():
    assert clocks.due_on("tell_parties", date(2025, 10, 3), DURATIONS) == date(2025, 10, 16)


@pytest.mark.parametrize("durations", [
    {stage: 5 for stage in clocks.STAGES if stage != "verify"},
    {**DURATIONS, "appeal": 10},
    {**DURATIONS, "accept": 0},
    {**DURATIONS, "accept": "7"},
])
def test_a_setting_without_every_stage_as_positive_days_is_refused(durations):
    with pytest.raises(ValueError):
        clocks.due_on("accept", date(2026, 3, 2), durations)
