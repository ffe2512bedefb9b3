"""Publicity windows of official entries: how long an entry is shown and counts, and when repair may start.

Pure: no Flask, no database. Shaped like the national enterprise credit publicity system: a minor
(轻微) entry is public at most 3 months, a general (一般) one 3 months to a year, a serious (严重) one
1 to 3 years; the months come from configuration (``CREDIT_PUBLICITY_MONTHS``). An entry stops
being shown and stops counting at its window's maximum; credit repair (信用修复) may be applied for
from its minimum. Entries that are statuses rather than sanctions stay public while they are in force,
whatever their severity: a licence and a customs credit category while valid, a tax credit grade
until the next year's grade replaces it (``window_for``).
"""
import calendar
from dataclasses import dataclass
from datetime import date


# What an entry is on a given day, for pages and filters.
PENDING = "pending"  # decided on a later day
PUBLIC = "public"
EXPIRED = "expired"  # its publicity window closed
ENDED = "ended"  # taken off by an objection or replaced by a correction
REPAIRED = "repaired"
REMOVED = "removed"  # the authority took the enterprise off the list
STATES = (PENDING, PUBLIC, EXPIRED, ENDED, REPAIRED, REMOVED)


@dataclass(frozen=True)
class Window:
    """From ``opens`` (the decision day) the entry is public until the day before ``max_until``."""
    opens: date
    min_until: date
    max_until: date


def months_later(day, months):
    """The same day ``months`` months on, or the last day of that month when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


CUSTOMS_REVIEW_MONTHS = 36  # customs re-examines a certified enterprise's category at least every 3 years
TAX_GRADE_REPLACED = (4, 30)  # 30 April: by then the tax bureau has published the next year's grades


def window_for(severity, decided_on, months_by_severity, kind=None, valid_until=None, tax_year=None):
    """The window of an entry of ``kind`` and ``severity`` decided on ``decided_on``.

    ``months_by_severity`` maps each severity to its (minimum, maximum) months; the minimum always
    holds (repair may be applied for from it, and no window closes before it). The maximum is the
    severity's, except for entries that stay public while in force:

    - a licence, until its ``valid_until``;
    - a tax credit grade for ``tax_year`` Y, published in the spring of Y+1, until the grade for Y+1
      replaces it: 30 April of Y+2;
    - a customs credit category, until its ``valid_until`` when given; else it holds until customs
      changes it, which the file learns only as a newer entry, so it is bounded by the review cycle
      of certified enterprises instead: 3 years from the decision.

    :raise ValueError: for an unknown severity, a table whose minimum exceeds its maximum, a licence
        without ``valid_until`` or a tax grade without ``tax_year``.
    """
    if severity not in months_by_severity:
        raise ValueError(f"unknown severity {severity!r}")
    least, most = months_by_severity[severity]
    if not 0 <= least <= most:
        raise ValueError(f"publicity months of {severity!r} must satisfy 0 <= minimum <= maximum")
    min_until = months_later(decided_on, least)
    return Window(decided_on, min_until, max(_in_force_until(kind, decided_on, valid_until, tax_year)
                                             or months_later(decided_on, most), min_until))


def _in_force_until(kind, decided_on, valid_until, tax_year):
    """When an entry that is a status stops being in force; None for an entry the severity windows cover."""
    if kind == "licence":
        if valid_until is None:
            raise ValueError("a licence's window needs its valid_until")
        return valid_until
    if kind == "tax_grade":
        if tax_year is None:
            raise ValueError("a tax credit grade's window needs its tax_year")
        return date(tax_year + 2, *TAX_GRADE_REPLACED)
    if kind == "customs_category":
        return valid_until or months_later(decided_on, CUSTOMS_REVIEW_MONTHS)
    return None


def state_on(day, decided_on, max_until, ended_on=None, removed_on=None, repaired_on=None):
    """What the entry is on ``day``: the first of ended, repaired, removed, expired that has happened, else public."""
    if day < decided_on:
        return PENDING
    for state, since in ((ENDED, ended_on), (REPAIRED, repaired_on), (REMOVED, removed_on), (EXPIRED, max_until)):
        if since is not None and since <= day:
            return state
    return PUBLIC


def shown_on(day, decided_on, max_until, ended_on=None, removed_on=None, repaired_on=None):
    """Whether the public sees the entry on ``day``; the score counts exactly the same entries."""
    return state_on(day, decided_on, max_until, ended_on, removed_on, repaired_on) == PUBLIC


def repair_allowed_from(window):
    """The first day a repair may be applied for: the window's minimum, never before the decision."""
    return max(window.min_until, window.opens)


def may_apply_for_repair(day, min_until, state):
    """A repair is for an entry still public, once its minimum period has passed."""
    return state == PUBLIC and day >= min_until
