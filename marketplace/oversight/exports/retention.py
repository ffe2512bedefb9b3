"""How far back oversight records may be purged: never anything younger than the retention period. Pure.

A cut-off day is allowed only when it is no later than the same calendar day ``years`` years before
today (29 February falls back to the 28th, so a leap day never shortens the period). A purge with
cut-off C removes only records of Shanghai days before C, so every record younger than the
retention period survives any allowed purge.
"""
from datetime import date


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` years earlier (the 28th for a 29 February without a match)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def latest_cutoff(today: date, years: int) -> date:
    """The latest cut-off a purge may use today."""
    return years_before(today, years)


def may_purge_before(cutoff: date, today: date, years: int) -> bool:
    """Whether a purge of everything before ``cutoff`` keeps every record of the last ``years`` years."""
    return cutoff <= latest_cutoff(today, years)
