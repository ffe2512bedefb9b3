"""The statutory clocks of complaints and reports, in mainland working days. Pure: no Flask, no database.

Each clock starts on a Shanghai day and ends on the n-th working day after it (``marketplace.workdays``,
so public holidays do not count and adjusted working weekends do). ``durations`` is the mapping the
setting ``OVERSIGHT_COMPLAINT_CLOCKS`` holds: stage → working days.

- ``accept``: accept or refuse, from the day of filing;
- ``mediation``: mediation ends without agreement, from the day it starts;
- ``tell_parties``: both parties are told mediation failed, from the day it ended;
- ``verify``: a violation found is checked, from the day the investigation starts;
- ``verify_extension``: the once-only extension, added to the verification due date;
- ``tell_reporter``: a named reporter learns whether a case was opened, from that decision.
"""
from dataclasses import dataclass
from datetime import date

from marketplace.workdays import add_working_days

STAGES = ("accept", "mediation", "tell_parties", "verify", "verify_extension", "tell_reporter")


def checked_durations(durations):
    """``durations`` when it names every stage with a positive whole number of days.

    :raise ValueError: for a missing stage, an unknown one or a duration that is not a positive int.
    """
    missing = set(STAGES) - set(durations)
    unknown = set(durations) - set(STAGES)
    if missing or unknown:
        raise ValueError(f"complaint clocks need exactly {', '.join(STAGES)}; "
                         f"missing {sorted(missing)}, unknown {sorted(unknown)}")
    for stage, days in durations.items():
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise ValueError(f"complaint clock {stage!r} must be a positive number of working days, not {days!r}")
    return dict(durations)


def due_on(stage, start, durations):
    """The day by which ``stage`` begun (or, for ``verify_extension``, due) on ``start`` must be done."""
    return add_working_days(start, checked_durations(durations)[stage])


@dataclass(frozen=True)
class Clock:
    """One running or finished clock: what it is for, when it is due and when it was met (None: not yet)."""

    stage: str
    due: date
    done: date | None = None

    def overdue(self, today):
        """Whether the clock ran out while still open: not met and ``today`` is past its due day."""
        return self.done is None and today > self.due


def overdue_stages(clocks, today):
    """The stages of ``clocks`` (an iterable of :class:`Clock`) that ran out, in the order given."""
    return [clock.stage for clock in clocks if clock.overdue(today)]
