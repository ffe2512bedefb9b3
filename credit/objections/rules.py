"""When an objection or a repair application may be filed, when its answer is due, and what an answer does.

Pure: no Flask, no database. Refusals carry a code; ``credit.objections.labels`` words them for
people, so the rules can be tested without a request.
"""
import enum
from dataclasses import dataclass
from datetime import date

from marketplace.workdays import add_working_days

# Official entries that hold something against an enterprise; licences and grades are not "repaired".
REPAIRABLE_KINDS = frozenset({"penalty", "abnormal_operations", "serious_dishonesty", "dishonest_debtor"})


class ObjectionStatus(enum.StrEnum):
    PENDING = "pending"
    CORRECTED = "corrected"
    REMOVED = "removed"
    KEPT = "kept"


class RepairStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


# The step each answer writes into the entry's history.
ANSWER_STEPS = {ObjectionStatus.CORRECTED: "corrected", ObjectionStatus.REMOVED: "removed",
                ObjectionStatus.KEPT: "kept"}
DECISION_STEPS = {RepairStatus.APPROVED: "repaired", RepairStatus.REFUSED: "repair_refused"}


class Refused(ValueError):
    """A filing the rules do not allow; ``code`` says which rule, ``day`` the date it names, if any."""

    def __init__(self, code, day=None):
        super().__init__(code)
        self.code = code
        self.day = day


@dataclass(frozen=True)
class EntryState:
    """What the rules need to know about an official entry and what is already filed against it."""

    kind: str
    ended_on: date | None
    removed_on: date | None
    repaired_on: date | None
    publicity_min_until: date | None
    publicity_max_until: date
    objection_open: bool = False
    repair_open: bool = False


def _check_in_force(entry, today):
    if entry.ended_on is not None:
        raise Refused("ended", entry.ended_on)
    if entry.repaired_on is not None:
        raise Refused("repaired", entry.repaired_on)
    if entry.removed_on is not None and entry.removed_on <= today:
        raise Refused("off_the_list", entry.removed_on)
    if today >= entry.publicity_max_until:
        raise Refused("expired", entry.publicity_max_until)


def check_objection(entry, today):
    """:raise Refused: ``ended``, ``repaired``, ``off_the_list``, ``expired`` or ``objection_open``."""
    _check_in_force(entry, today)
    if entry.objection_open:
        raise Refused("objection_open")


def check_repair(entry, today):
    """Repair is applied for only after the entry's minimum publicity period, the serious listings included.

    :raise Refused: ``not_repairable``, ``ended``, ``repaired``, ``off_the_list``, ``expired``, ``before_minimum``
        (naming the first day repair may be applied for), ``objection_open`` or ``repair_open``.
    """
    if entry.kind not in REPAIRABLE_KINDS:
        raise Refused("not_repairable")
    _check_in_force(entry, today)
    if entry.publicity_min_until is not None and today < entry.publicity_min_until:
        raise Refused("before_minimum", entry.publicity_min_until)
    if entry.objection_open:
        raise Refused("objection_open")
    if entry.repair_open:
        raise Refused("repair_open")


def due_on(filed_on, working_days):
    """The day an answer is due: ``working_days`` mainland working days after the day of filing."""
    return add_working_days(filed_on, working_days)


def is_overdue(status, due, today):
    """Still waiting after the day it was due."""
    return status == "pending" and today > due
