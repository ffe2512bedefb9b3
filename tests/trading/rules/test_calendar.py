"""When floors trade: sessions in Beijing time on trading days, holidays and make-up weekends."""
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trading.floors.calendar import TradingCalendar

STEEL = TradingCalendar.from_settings(
    [{"opens": "09:00", "closes": "11:30"}, {"opens": "13:30", "closes": "15:00"},
     {"opens": "21:00", "closes": "23:00"}], [0, 1, 2, 3, 4], True, ["2026-12-31"])


def beijing(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=timezone(timedelta(hours=8)))


def test_sessions_are_half_open_windows_in_beijing_time():
    assert STEEL.is_open(beijing(2026, 11, 25, 9, 0))
    assert not STEEL.is_open(beijing(2026, 11, 25, 11, 30))
    assert STEEL.is_open(beijing(2026, 11, 25, 22, 59))
    assert not STEEL.is_open(beijing(2026, 11, 25, 12, 0))


def test_holidays_weekends_make_up_workdays_and_operator_closures_are_closed():
    assert not STEEL.is_trading_day(date(2026, 10, 1))  # National Day
    assert not STEEL.is_trading_day(date(2026, 11, 28))  # Saturday
    assert not STEEL.is_trading_day(date(2026, 12, 31))  # closed by the operator
    assert not STEEL.is_trading_day(date(2026, 9, 20))  # a make-up working Sunday: exchanges stay shut
    assert STEEL.is_trading_day(date(2026, 11, 25))


def test_next_open_after_the_night_session_is_the_next_mornings():
    assert STEEL.next_open(beijing(2026, 11, 27, 23, 30)) == beijing(2026, 11, 30, 9, 0)
    assert STEEL.session_close(beijing(2026, 11, 25, 10, 0)) == beijing(2026, 11, 25, 11, 30)


@pytest.mark.parametrize("sessions", [
    [{"opens": "10:00", "closes": "09:00"}],
    [{"opens": "09:00", "closes": "11:00"}, {"opens": "10:30", "closes": "12:00"}],
    [{"opens": "25:00", "closes": "26:00"}],
])
def test_impossible_sessions_are_refused(sessions):
    with pytest.raises(ValueError):
        TradingCalendar.from_settings(sessions, [0], True, [])


@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(timezone.utc)))
def test_next_open_is_open_and_nothing_between_is(moment):
    opens = STEEL.next_open(moment)
    assert opens >= moment and STEEL.is_open(opens)
    step = moment
    while step + timedelta(minutes=30) < opens:
        step += timedelta(minutes=30)
        assert not STEEL.is_open(step)
