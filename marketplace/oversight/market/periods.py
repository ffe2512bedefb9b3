"""The period a dashboard or report covers: whole Asia/Shanghai calendar days, both ends included. Pure.

A missing end is today; a missing start makes the period ``DEFAULT_DAYS`` long. A reversed period
or one longer than ``MAX_DAYS`` is refused, so no page or report scans years of trades by accident.
"""
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> list[date]:
        """Every day of the period, oldest first (the charts' x axis: days without activity show zero)."""
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]

    def as_query(self) -> dict[str, str]:
        """The period as the ``from`` and ``to`` query parameters the pages and the API read (and logs keep)."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


class PeriodRefused(ValueError):
    """Why a period cannot be used: ``reason`` is "reversed" or "too_long"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def period_of(start: date | None, end: date | None, today: date, default_days=DEFAULT_DAYS,
              max_days=MAX_DAYS) -> Period:
    """The period asked for, with the defaults filled in. :raise PeriodRefused: reversed or too long."""
    end = end or today
    start = start or end - timedelta(days=default_days - 1)
    if start > end:
        raise PeriodRefused("reversed")
    if (end - start).days + 1 > max_days:
        raise PeriodRefused("too_long")
    return Period(start, end)
