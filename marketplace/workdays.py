"""Mainland China working days, as the State Council's holiday schedule sets them. Pure: no Flask, no database.

Weekends and public holidays are not working days and make-up working weekends are, as people
expect; ``chinese_calendar`` ships the schedule year by year, so for a year it does not know yet
Monday to Friday count (``knows_holidays_of`` lets pages say so). Deadlines of escrow inspection,
credit objections and credit repair are counted here.
"""
from datetime import date, timedelta

import chinese_calendar


def knows_holidays_of(year):
    """Whether the installed ``chinese_calendar`` has the State Council's schedule for ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def is_working_day(day):
    """Whether people work on ``day`` on the mainland (Monday to Friday for a year not known yet)."""
    if knows_holidays_of(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_working_days(day, n):
    """The ``n``-th working day after ``day`` (``day`` itself when ``n`` is 0 or less).

    ``day`` need not be a working day: what is filed on a Saturday starts counting on Monday.
    """
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day
