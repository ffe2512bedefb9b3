"""When a floor trades: sessions in Asia/Shanghai local time on its trading days.

Pure: no Flask, no database. A trading day is an open weekday that is not one of the operator's
closed dates and, unless the floor says otherwise, not a mainland public holiday. Exchanges stay
shut on the make-up working weekends of the State Council's schedule, so only the weekday rule
opens a day; ``chinese_calendar`` closes holidays for the years it ships data for (for other years
only weekdays and the closed dates count). Times in and out are timezone-aware; sessions are
half-open ``[opens, closes)`` minute windows within one local day ("24:00" ends at midnight).
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import chinese_calendar

from marketplace.bookings.calendar import SHANGHAI, knows_holidays_of

_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
MINUTES_PER_DAY = 24 * 60
# How far ahead ``next_open`` looks before saying the floor never opens.
LOOKAHEAD_DAYS = 400


def minute_of(clock):
    """Minutes after midnight for ``"HH:MM"``; ``"24:00"`` is 1440. :raise ValueError: otherwise."""
    match = _CLOCK.match(clock or "")
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValueError(f"not a time of day: {clock!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


@dataclass(frozen=True, order=True)
class Window:
    opens: int  # local minutes after midnight
    closes: int


@dataclass(frozen=True)
class TradingCalendar:
    windows: tuple[Window, ...]
    open_weekdays: frozenset[int] = frozenset(range(5))
    closed_on_holidays: bool = True
    closed_dates: frozenset[date] = frozenset()

    @classmethod
    def from_settings(cls, sessions, open_weekdays, closed_on_holidays, closed_dates):
        """:raise ValueError: for a malformed or overlapping session, or a bad weekday or date."""
        windows = tuple(sorted(Window(minute_of(s["opens"]), minute_of(s["closes"])) for s in sessions))
        if any(w.opens >= w.closes for w in windows):
            raise ValueError("a session must close after it opens")
        if any(a.closes > b.opens for a, b in zip(windows, windows[1:])):
            raise ValueError("sessions overlap")
        weekdays = frozenset(int(day) for day in open_weekdays)
        if not weekdays <= set(range(7)):
            raise ValueError("weekdays run from 0 (Monday) to 6 (Sunday)")
        return cls(windows, weekdays, bool(closed_on_holidays),
                   frozenset(date.fromisoformat(str(day)) for day in closed_dates))

    def is_trading_day(self, day):
        if day.weekday() not in self.open_weekdays or day in self.closed_dates:
            return False
        if self.closed_on_holidays and knows_holidays_of(day.year):
            return not _public_holiday(day)
        return True

    def is_open(self, moment):
        local = moment.astimezone(SHANGHAI)
        minute = local.hour * 60 + local.minute
        return self.is_trading_day(local.date()) and any(w.opens <= minute < w.closes for w in self.windows)

    def trading_day_of(self, moment):
        """The local date of ``moment``: the day whose band and statistics a trade then belongs to."""
        return moment.astimezone(SHANGHAI).date()

    def previous_trading_day(self, day):
        """The last trading day before ``day`` (None if there was none within the look-ahead span)."""
        for back in range(1, LOOKAHEAD_DAYS):
            earlier = day - timedelta(days=back)
            if self.is_trading_day(earlier):
                return earlier
        return None

    def next_open(self, moment):
        """When the floor next opens at or after ``moment`` (itself if open), or None if never."""
        local = moment.astimezone(SHANGHAI)
        if self.is_open(moment):
            return moment
        for ahead in range(LOOKAHEAD_DAYS):
            day = local.date() + timedelta(days=ahead)
            if not self.is_trading_day(day):
                continue
            for window in self.windows:
                start = _at(day, window.opens)
                if start > local:
                    return start
        return None

    def session_close(self, moment):
        """The end of the session ``moment`` falls in, or None when the floor is closed then."""
        if not self.is_open(moment):
            return None
        local = moment.astimezone(SHANGHAI)
        minute = local.hour * 60 + local.minute
        window = next(w for w in self.windows if w.opens <= minute < w.closes)
        return _at(local.date(), window.closes)


def _public_holiday(day):
    """A day of a State Council holiday (Spring Festival, National Day…), weekday or weekend."""
    _, holiday = chinese_calendar.get_holiday_detail(day)
    return holiday is not None


def _at(day, minute):
    return datetime.combine(day, time(), SHANGHAI) + timedelta(minutes=minute)
