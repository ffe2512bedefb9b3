"""What a regulator may do with a complaint or report in each status, and where it leads. Pure.

A complaint is accepted or refused; an accepted one is mediated (a buyer's complaint) or
investigated; mediation ends agreed (closed) or failed (both parties are then told, and the
regulator investigates or closes); an investigation decides whether a case is opened, the named
reporter is told, and the regulator closes with an outcome.
"""
from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    MEDIATING = "mediating"
    MEDIATION_FAILED = "mediation_failed"
    INVESTIGATING = "investigating"
    CLOSED = "closed"


class Action(StrEnum):
    ACCEPT = "accept"
    REFUSE = "refuse"
    MEDIATE = "mediate"
    MEDIATION_AGREED = "mediation_agreed"
    MEDIATION_FAILED = "mediation_failed"
    TELL_PARTIES = "tell_parties"
    INVESTIGATE = "investigate"
    EXTEND = "extend"
    OPEN_CASE = "open_case"
    NO_CASE = "no_case"
    TELL_REPORTER = "tell_reporter"
    CLOSE = "close"


class Outcome(StrEnum):
    AGREED = "agreed"
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"
    NO_AGREEMENT = "no_agreement"
    REFUSED = "refused"


# The statuses each action may start from; the status it leads to (None: stays where it is).
ALLOWED_FROM = {
    Action.ACCEPT: {Status.SUBMITTED},
    Action.REFUSE: {Status.SUBMITTED},
    Action.MEDIATE: {Status.ACCEPTED},
    Action.MEDIATION_AGREED: {Status.MEDIATING},
    Action.MEDIATION_FAILED: {Status.MEDIATING},
    Action.TELL_PARTIES: {Status.MEDIATION_FAILED},
    Action.INVESTIGATE: {Status.ACCEPTED, Status.MEDIATION_FAILED},
    Action.EXTEND: {Status.INVESTIGATING},
    Action.OPEN_CASE: {Status.INVESTIGATING},
    Action.NO_CASE: {Status.INVESTIGATING},
    Action.TELL_REPORTER: {Status.INVESTIGATING, Status.CLOSED},
    Action.CLOSE: {Status.MEDIATION_FAILED, Status.INVESTIGATING},
}
LEADS_TO = {
    Action.ACCEPT: Status.ACCEPTED,
    Action.REFUSE: Status.REFUSED,
    Action.MEDIATE: Status.MEDIATING,
    Action.MEDIATION_AGREED: Status.CLOSED,
    Action.MEDIATION_FAILED: Status.MEDIATION_FAILED,
    Action.INVESTIGATE: Status.INVESTIGATING,
    Action.CLOSE: Status.CLOSED,
}
# Closing after an investigation or a failed mediation names one of these outcomes.
CLOSING_OUTCOMES = (Outcome.UPHELD, Outcome.NOT_UPHELD, Outcome.NO_AGREEMENT)
# Actions whose note is required (a reason the parties or the file must have).
NOTE_REQUIRED = {Action.REFUSE, Action.EXTEND, Action.MEDIATION_AGREED, Action.MEDIATION_FAILED,
                 Action.TELL_PARTIES, Action.TELL_REPORTER, Action.CLOSE}
FINISHED = {Status.REFUSED, Status.CLOSED}


def may(action, status):
    """Whether ``action`` may be taken on a complaint in ``status``."""
    return status in ALLOWED_FROM[action]


def next_status(action, status):
    """The status after ``action`` (the same one for actions that do not move it)."""
    return LEADS_TO.get(action, status)


class Facts:
    """What else than the status decides whether an action is open (read off one complaint)."""

    def __init__(self, status, *, extended=False, case_decided=False, named_reporter=False, reporter_told=False,
                 parties_told=False):
        self.status, self.extended, self.case_decided = status, extended, case_decided
        self.named_reporter, self.reporter_told, self.parties_told = named_reporter, reporter_told, parties_told


def refusal(action, facts):
    """Why ``action`` may not be taken now, as a code (``services`` words it), or None when it may."""
    if not may(action, facts.status):
        return "status"
    if action == Action.EXTEND and facts.extended:
        return "extended_once"
    if action in (Action.OPEN_CASE, Action.NO_CASE) and facts.case_decided:
        return "case_decided"
    if action == Action.TELL_REPORTER and not facts.named_reporter:
        return "no_named_reporter"
    if action == Action.TELL_REPORTER and (not facts.case_decided or facts.reporter_told):
        return "reporter_not_due"
    if action == Action.TELL_PARTIES and facts.parties_told:
        return "parties_told"
    if action == Action.CLOSE and facts.status == Status.INVESTIGATING and not facts.case_decided:
        return "case_undecided"
    if action == Action.CLOSE and facts.status == Status.MEDIATION_FAILED and not facts.parties_told:
        return "parties_not_told"
    return None


def open_actions(facts):
    """The actions open now, in the order a regulator works."""
    return [action for action in Action if refusal(action, facts) is None]
