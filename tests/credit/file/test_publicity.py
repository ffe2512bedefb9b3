"""Publicity windows: how long an entry is public and counts, and when repair may be applied for."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credit.file import publicity
from credit.scoring.facts import SEVERITIES

MONTHS = {"minor": (0, 3), "general": (3, 12), "serious": (12, 36)}
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
severities = st.sampled_from(SEVERITIES)
maybe_days = st.none() | days


def test_a_serious_penalty_is_public_for_three_years_and_repairable_after_one():
    window = publicity.window_for("serious", date(2026, 3, 15), MONTHS)

    assert (window.min_until, window.max_until) == (date(2027, 3, 15), date(2029, 3, 15))
    assert publicity.repair_allowed_from(window) == date(2027, 3, 15)
    assert publicity.shown_on(date(2029, 3, 14), window.opens, window.max_until)
    assert not publicity.shown_on(date(2029, 3, 15), window.opens, window.max_until)


def test_a_minor_entry_may_be_repaired_at_once_and_is_gone_after_three_months():
    window = publicity.window_for("minor", date(2026, 11, 30), MONTHS)

    assert window.min_until == date(2026, 11, 30)
    assert window.max_until == date(2027, 2, 28)  # no 30 February: the end of the month


def test_a_licence_is_public_while_it_is_valid():
    window = publicity.window_for("minor", date(2026, 1, 10), MONTHS, "licence", valid_until=date(2031, 1, 9))

    assert window.max_until == date(2031, 1, 9)


def test_a_minor_tax_grade_a_for_2025_stays_public_until_the_2026_grade_replaces_it():
    window = publicity.window_for("minor", date(2026, 4, 20), MONTHS, "tax_grade", tax_year=2025)

    assert window.max_until == date(2027, 4, 30)
    assert publicity.shown_on(date(2027, 4, 29), window.opens, window.max_until)
    assert not publicity.shown_on(date(2027, 4, 30), window.opens, window.max_until)


def test_a_customs_category_is_public_while_valid_or_for_the_three_year_review_cycle():
    valid = publicity.window_for("minor", date(2026, 2, 1), MONTHS, "customs_category", valid_until=date(2028, 6, 30))
    open_ended = publicity.window_for("minor", date(2026, 2, 1), MONTHS, "customs_category")

    assert valid.max_until == date(2028, 6, 30)
    assert open_ended.max_until == date(2029, 2, 1)


def test_a_licence_without_its_validity_or_a_tax_grade_without_its_year_has_no_window():
    with pytest.raises(ValueError):
        publicity.window_for("minor", date(2026, 1, 10), MONTHS, "licence")
    with pytest.raises(ValueError):
        publicity.window_for("minor", date(2026, 1, 10), MONTHS, "tax_grade")


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError):
        publicity.window_for("catastrophic", date(2026, 1, 1), MONTHS)


@given(severity=severities, decided=days)
def test_every_window_lies_within_the_configured_months(severity, decided):
    window = publicity.window_for(severity, decided, MONTHS)
    least, most = MONTHS[severity]

    assert decided <= window.min_until <= window.max_until
    assert (window.min_until - decided).days <= least * 31
    assert least * 28 <= (window.max_until - decided).days <= most * 31
    assert publicity.repair_allowed_from(window) <= window.max_until


@given(severity=severities, year=st.integers(min_value=2000, max_value=2088), published=st.integers(0, 400))
def test_a_tax_grade_is_public_until_30_april_two_years_on_but_never_less_than_its_minimum(severity, year,
                                                                                          published):
    decided = date(year + 1, 1, 1) + timedelta(days=published)
    window = publicity.window_for(severity, decided, MONTHS, "tax_grade", tax_year=year)

    assert window.max_until == max(date(year + 2, 4, 30), window.min_until)
    assert window.min_until == publicity.window_for(severity, decided, MONTHS).min_until


@given(severity=severities, decided=days, valid_days=st.none() | st.integers(min_value=1, max_value=4000))
def test_a_customs_category_is_public_while_valid_else_three_years_never_less_than_its_minimum(severity, decided,
                                                                                             valid_days):
    valid_until = decided + timedelta(days=valid_days) if valid_days is not None else None
    window = publicity.window_for(severity, decided, MONTHS, "customs_category", valid_until=valid_until)

    in_force_until = valid_until or publicity.months_later(decided, 36)
    assert window.max_until == max(in_force_until, window.min_until)
    assert window.opens <= window.min_until <= window.max_until


@given(severity=severities, decided=days, kind=st.sampled_from(["penalty", "abnormal_operations", "dishonest_debtor"]),
       valid_until=maybe_days)
def test_other_kinds_keep_their_severity_s_window_whatever_validity_they_carry(severity, decided, kind, valid_until):
    assert (publicity.window_for(severity, decided, MONTHS, kind, valid_until=valid_until)
            == publicity.window_for(severity, decided, MONTHS))


@given(day=days, months=st.integers(min_value=0, max_value=600))
def test_months_later_moves_by_whole_months_keeping_the_day_when_it_exists(day, months):
    later = publicity.months_later(day, months)

    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or later.day < day.day and (later + timedelta(days=1)).day == 1


@given(decided=days, span=st.integers(min_value=0, max_value=2000), ended=maybe_days, removed=maybe_days,
       repaired=maybe_days, first=days, gap=st.integers(min_value=0, max_value=3000))
def test_once_an_entry_stops_being_shown_it_is_never_shown_again(decided, span, ended, removed, repaired, first, gap):
    max_until = decided + timedelta(days=span)
    later = first + timedelta(days=gap)
    shown_first = publicity.shown_on(first, decided, max_until, ended, removed, repaired)
    shown_later = publicity.shown_on(later, decided, max_until, ended, removed, repaired)

    if first >= decided and not shown_first:
        assert not shown_later


@given(decided=days, span=st.integers(min_value=1, max_value=2000), day=days)
def test_a_repaired_entry_is_never_shown_from_its_repair(decided, span, day):
    max_until = decided + timedelta(days=span)

    assert not publicity.shown_on(day, decided, max_until, repaired_on=min(day, decided + timedelta(days=span // 2)))


@given(severity=severities, decided=days, day=days)
def test_repair_is_never_allowed_before_the_minimum(severity, decided, day):
    window = publicity.window_for(severity, decided, MONTHS)
    state = publicity.state_on(day, decided, window.max_until)

    if publicity.may_apply_for_repair(day, window.min_until, state):
        assert window.min_until <= day < window.max_until
