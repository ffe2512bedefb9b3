"""The handling steps: what each records on a complaint and whom it tells, inside ``services.handle``'s transaction.

Each step function takes ``(complaint, regulator, note, outcome, today)``; ``STEPS`` maps a
``flow.Action`` to it and ``AUDIENCE`` says who besides the regulator reads the step's note. The
respondent is told through the enterprise's notifications and never learns who reported.
"""
from flask import current_app

from credit.file import services as credit_file
from credit.grading import services as grading
from logistics.messages import message
from marketplace.database import utcnow
from marketplace.notifications.services import notify
from marketplace.oversight.cases import services as cases
from marketplace.oversight.complaints import clocks
from marketplace.oversight.complaints.flow import Action, Outcome


def has_named_reporter(complaint):
    """A complainant, or a reporter who gave a name or was signed in: they learn whether a case was opened."""
    return not complaint.anonymous and bool(complaint.complainant_enterprise_id or complaint.filer_user_id
                                            or complaint.reporter_name or complaint.reporter_contact)


def _due(stage, start):
    return clocks.due_on(stage, start, current_app.config["OVERSIGHT_COMPLAINT_CLOCKS"])


def _accept(complaint, regulator, note, outcome, today):
    complaint.accepted_on = today
    _tell_parties(complaint, "oversight.complaint_accepted",
                  message("%(kind)s %(number)s is accepted by the regulator.", **named(complaint)))


def _refuse(complaint, regulator, note, outcome, today):
    complaint.refusal_reason, complaint.outcome, complaint.closed_at = note, Outcome.REFUSED, utcnow()
    tell_complainant(complaint, "oversight.complaint_refused",
                      message("%(kind)s %(number)s is not accepted.", **named(complaint)), note)


def _mediate(complaint, regulator, note, outcome, today):
    complaint.mediation_due_on = _due("mediation", today)
    _tell_parties(complaint, "oversight.complaint_mediating",
                  message("The regulator mediates %(kind)s %(number)s until %(due)s.", **named(complaint),
                          due=str(complaint.mediation_due_on)), note)


def _mediation_agreed(complaint, regulator, note, outcome, today):
    complaint.mediation_ended_on, complaint.closed_at = today, utcnow()
    complaint.outcome, complaint.outcome_note = Outcome.AGREED, note
    _tell_parties(complaint, "oversight.complaint_closed",
                  message("%(kind)s %(number)s is closed: the parties agreed.", **named(complaint)), note)


def mediation_failed(complaint, regulator, note, outcome, today):
    complaint.mediation_ended_on = today
    complaint.parties_told_due_on = _due("tell_parties", today)


def _tell_both(complaint, regulator, note, outcome, today):
    complaint.parties_told_on = today
    _tell_parties(complaint, "oversight.complaint_mediation_failed",
                  message("Mediation of %(kind)s %(number)s ended without agreement.", **named(complaint)), note)


def _investigate(complaint, regulator, note, outcome, today):
    complaint.verification_due_on = _due("verify", today)


def _extend(complaint, regulator, note, outcome, today):
    complaint.verification_due_on = _due("verify_extension", complaint.verification_due_on)
    complaint.verification_extended, complaint.extension_reason = True, note


def _open_case(complaint, regulator, note, outcome, today):
    case = cases.open_case(regulator, complaint.respondent, f"{complaint.number} {complaint.description[:80]}",
                           note=note, day=today)
    complaint.case_opened, complaint.case_id = True, case.id
    _reporter_clock(complaint, today)


def _no_case(complaint, regulator, note, outcome, today):
    complaint.case_opened = False
    _reporter_clock(complaint, today)


def _reporter_clock(complaint, today):
    if has_named_reporter(complaint):
        complaint.reporter_told_due_on = _due("tell_reporter", today)


def _tell_reporter(complaint, regulator, note, outcome, today):
    complaint.reporter_told_on = today
    told = (message("A case was opened on %(kind)s %(number)s.", **named(complaint)) if complaint.case_opened
            else message("No case was opened on %(kind)s %(number)s.", **named(complaint)))
    tell_complainant(complaint, "oversight.complaint_reporter_told", told, note)


def _close(complaint, regulator, note, outcome, today):
    complaint.outcome, complaint.outcome_note, complaint.closed_at = outcome, note, utcnow()
    if outcome == Outcome.UPHELD:
        credit_file.record_fact(complaint.respondent, "complaint_upheld", today, reference=complaint.number,
                                detail={"complaint": complaint.public_id, "kind": complaint.kind,
                                        "category": complaint.category})
        grading.rescore(complaint.respondent, "complaint")
    _tell_parties(complaint, "oversight.complaint_closed",
                  message("%(kind)s %(number)s is closed.", **named(complaint)), note)


STEPS = {
    Action.ACCEPT: _accept, Action.REFUSE: _refuse, Action.MEDIATE: _mediate,
    Action.MEDIATION_AGREED: _mediation_agreed, Action.MEDIATION_FAILED: mediation_failed,
    Action.TELL_PARTIES: _tell_both, Action.INVESTIGATE: _investigate, Action.EXTEND: _extend,
    Action.OPEN_CASE: _open_case, Action.NO_CASE: _no_case, Action.TELL_REPORTER: _tell_reporter,
    Action.CLOSE: _close,
}
# Who reads each step's note besides the regulator (default: both parties).
AUDIENCE = {Action.REFUSE: "filer", Action.TELL_REPORTER: "filer", Action.EXTEND: "staff",
                  Action.OPEN_CASE: "staff", Action.NO_CASE: "staff", Action.INVESTIGATE: "staff"}


def named(complaint):
    kind = {"zh": "投诉", "en": "Complaint"} if complaint.kind == "complaint" else {"zh": "举报", "en": "Report"}
    return {"kind": kind, "number": complaint.number}


def _link(complaint, enterprise):
    return f"/enterprises/{enterprise.public_id}/complaints/{complaint.public_id}"


def tell_complainant(complaint, topic, text, note=""):
    if complaint.complainant is not None:
        notify(complaint.complainant, topic, text, details=[note] if note else (),
               link=_link(complaint, complaint.complainant))


def _tell_parties(complaint, topic, text, note=""):
    """Tell the complainant enterprise (if any) and the respondent; the respondent never learns who reported."""
    tell_complainant(complaint, topic, text, note)
    notify(complaint.respondent, topic, text, details=[note] if note else (),
           link=_link(complaint, complaint.respondent))
