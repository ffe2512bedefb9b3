"""Translated names of objection and repair states, and the words of each refusal."""
from flask_babel import lazy_gettext as _l

from credit.objections.rules import ObjectionStatus, RepairStatus
from marketplace.accounts import labels

labels.register("objection_status", {
    ObjectionStatus.PENDING: _l("Waiting for the operator's answer"),
    ObjectionStatus.CORRECTED: _l("Upheld: the entry was corrected"),
    ObjectionStatus.REMOVED: _l("Upheld: the entry was removed"),
    ObjectionStatus.KEPT: _l("Not upheld: the entry was kept"),
}, tuple(ObjectionStatus))

labels.register("objection_answer", {
    ObjectionStatus.CORRECTED: _l("Correct the entry"),
    ObjectionStatus.REMOVED: _l("Remove the entry"),
    ObjectionStatus.KEPT: _l("Keep the entry as it is"),
}, (ObjectionStatus.CORRECTED, ObjectionStatus.REMOVED, ObjectionStatus.KEPT))

labels.register("repair_status", {
    RepairStatus.PENDING: _l("Waiting for the operator's decision"),
    RepairStatus.APPROVED: _l("Approved: the entry is repaired"),
    RepairStatus.REFUSED: _l("Refused"),
}, tuple(RepairStatus))

labels.register("repair_decision", {
    RepairStatus.APPROVED: _l("Approve the repair"),
    RepairStatus.REFUSED: _l("Refuse the repair"),
}, (RepairStatus.APPROVED, RepairStatus.REFUSED))

# Refusals of the pure rules, by code; ``%(date)s`` is the day the rule names.
_REFUSALS = {
    "ended": _l("This entry was ended on %(date)s; there is nothing left to contest or repair."),
    "repaired": _l("This entry was repaired on %(date)s; it no longer counts."),
    "off_the_list": _l("The enterprise was taken off this list on %(date)s; it no longer counts."),
    "expired": _l("This entry's publicity period ended on %(date)s; it no longer counts."),
    "objection_open": _l("An objection to this entry is already waiting for the operator's answer."),
    "repair_open": _l("A repair application for this entry is already waiting for the operator's decision."),
    "not_repairable": _l("Only penalties and listings (abnormal operations, serious dishonesty, dishonest debtor) "
                         "can be repaired."),
    "before_minimum": _l("Repair before the minimum period: this entry must stay public until %(date)s; "
                         "you can apply for repair from that day."),
    "too_many_files": _l("At most %(n)s evidence files can back one objection or application."),
}


def refusal(code, day=None, **params):
    """The reader's words for a rule's refusal ``code``."""
    if day is not None:
        params["date"] = day.isoformat()
    return str(_REFUSALS[code]) % params if params else str(_REFUSALS[code])
