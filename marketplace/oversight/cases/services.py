"""Cases: alerts of one control group on one day gathered into one case, and the work on it.

Each use case is one transaction; every change locks the case row, checks its state after locking,
writes a ``CaseStep`` (the case file's timeline) and an audit record.
"""
from datetime import date
from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Enterprise
from marketplace.api import paginate
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.i18n import shanghai_day
from marketplace.oversight.cases import numbering, sources
from marketplace.oversight.cases.models import CaseStep, OversightCase
from marketplace.oversight.groups.services import group_key_of
from marketplace.workdays import add_working_days

ACTIVE = ("open", "investigating", "escalated")
FINISHED = ("closed", "dismissed")
# Two cases opened at the same instant may pick the same number; the loser retries with the next one.
NUMBER_ATTEMPTS = 20
MAX_TEXT = 5000


class CaseFile(NamedTuple):
    """A case as its page and the API show it."""

    case: OversightCase
    alerts: list
    steps: list
    sanctions: list
    overdue: bool


def file_alert(alert):
    """Put a newly raised alert into the case of its group and day, opening the case when there is none.

    Called inside the transaction that stores the alert. Two alerts of one group and day raised at
    once end in one case: the unique (group, day) key decides who opens it and the other joins it.
    A finished case that gets a new alert is opened again, so the new finding is looked at.
    :return: the case.
    """
    with transaction() as session:
        session.flush()
        enterprise = session.get(Enterprise, alert.enterprise_id)
        case, _created = _case_of_group_day(session, alert.group_key, alert.occurred_on, enterprise,
                                            f"{enterprise.name_zh} · {alert.rule_label}", opened_by=None)
        if case.status in FINISHED:
            _reopen(session, case)
        alert.case_id, alert.status = case.id, "in_case"
        record_step(session, case, "alert_filed", None, detail={"alert": alert.public_id, "rule": alert.rule_label})
        audit.record("oversight.alert_filed", enterprise=enterprise.public_id, target=case.public_id,
                     after={"alert": alert.public_id, "case": case.number})
        return case


def open_case(actor, enterprise, title, note="", day=None):
    """Open a case by hand (a regulator, or a complaint found to need one) about ``enterprise``.

    A case gathers one control group's day (``day``, default today in Shanghai): when that case exists
    already (alerts opened it, or another complaint) the request joins it as a noted step instead.
    :return: the case.
    """
    title = (title or "").strip()[:300]
    if not title:
        raise InvalidInput(_("The case needs a title."), {"title": [_("Give the case a title.")]})
    day = day or shanghai_day()
    with transaction() as session:
        case, created = _case_of_group_day(session, group_key_of(enterprise), day, enterprise, title,
                                           opened_by=actor)
        if case.status in FINISHED:
            _reopen(session, case, actor)
        record_step(session, case, "opened" if created else "joined", actor, note=note, detail={"title": title})
        audit.record("oversight.case_opened" if created else "oversight.case_joined", actor=actor.public_id,
                     enterprise=enterprise.public_id, target=case.public_id,
                     after={"number": case.number, "title": title, "note": note})
        return case


def cases_statement(status=None, assignee=None, overdue=False, today=None):
    """Cases filtered by ``status``, ``assignee`` (a user) and ``overdue`` (active, past deadline)."""
    statement = select(OversightCase)
    if status:
        statement = statement.where(OversightCase.status == status)
    if assignee is not None:
        statement = statement.where(OversightCase.assignee_id == assignee.id)
    if overdue:
        statement = statement.where(OversightCase.status.in_(ACTIVE),
                                    OversightCase.deadline < (today or shanghai_day()))
    return statement


def list_cases(status=None, assignee=None, overdue=False, limit=200):
    """The newest ``limit`` cases of ``cases_statement``, newest day first (the web list)."""
    with transaction() as session:
        statement = cases_statement(status, assignee, overdue).order_by(OversightCase.opened_for_day.desc(),
                                                                       OversightCase.id.desc())
        return session.scalars(statement.limit(limit)).all()


def cases_page(status=None, assignee_public_id=None, overdue=False, limit=20, cursor=None):
    """One API page of cases, newest first. :raise InvalidInput: for an assignee who is not a regulator."""
    with transaction() as session:
        assignee = None
        if assignee_public_id:
            assignee = sources.regulator_named(assignee_public_id)
            if assignee is None:
                raise InvalidInput(_("Choose a regulator."), {"assignee": [_("Choose a regulator.")]})
        return paginate(session, cases_statement(status, assignee, overdue), OversightCase.id, limit, cursor,
                        newest_first=True)


def is_overdue(case, today=None):
    """Whether ``case`` is still being worked past its deadline."""
    return case.status in ACTIVE and case.deadline is not None and case.deadline < (today or shanghai_day())


def case_named(public_id):
    """The case with ``public_id``. :raise NotFound: if there is none."""
    with transaction() as session:
        case = session.scalar(select(OversightCase).where(OversightCase.public_id == public_id))
        if case is None:
            raise NotFound(_("There is no such case."))
        return case


def case_file(public_id):
    """The case with everything its page shows: alerts (frozen evidence), timeline, sanctions."""
    with transaction():
        case = case_named(public_id)
        return CaseFile(case, sources.alerts_of_case(case), case.steps, sources.sanctions_of_case(case),
                        is_overdue(case))


def assign(actor, public_id, assignee_public_id):
    """Give the case to a regulator; an open case is then under investigation."""
    with transaction() as session:
        assignee = sources.regulator_named(assignee_public_id or "")
        if assignee is None:
            raise InvalidInput(_("Choose a regulator to assign the case to."),
                               {"assignee": [_("Choose a regulator.")]})
        case = _locked_active(session, public_id)
        before = _state(case)
        case.assignee_id = assignee.id
        if case.status == "open":
            case.status = "investigating"
        _changed(session, case, actor, "assigned", before, detail={"assignee": assignee.public_id})
        return case


def add_note(actor, public_id, note):
    """Add a note to the case file (also to a finished case: its file may still be annotated)."""
    note = _required(note, "note", _("Write the note."))
    with transaction() as session:
        case = _locked(session, public_id)
        _changed(session, case, actor, "noted", _state(case), note=note)
        return case


def set_deadline(actor, public_id, deadline):
    """Move the case's deadline (today or later; blank sets the default working-day period from today)."""
    today = shanghai_day()
    deadline = deadline or default_deadline(today)
    if not isinstance(deadline, date) or deadline < today:
        raise InvalidInput(_("The deadline cannot be in the past."),
                           {"deadline": [_("Choose today or a later day.")]})
    with transaction() as session:
        case = _locked_active(session, public_id)
        before = _state(case)
        case.deadline = deadline
        _changed(session, case, actor, "deadline_set", before, detail={"deadline": deadline.isoformat()})
        return case


def escalate(actor, public_id, note=""):
    """Hand the case up one level (to senior regulators) with an optional note."""
    with transaction() as session:
        case = _locked_active(session, public_id)
        before = _state(case)
        case.status, case.escalation_level = "escalated", case.escalation_level + 1
        _changed(session, case, actor, "escalated", before, note=note,
                 detail={"level": case.escalation_level})
        return case


def dismiss(actor, public_id, reason):
    """End the case without a finding; the reason is required and kept in the file."""
    reason = _required(reason, "reason", _("Write why the case is dismissed."))
    with transaction() as session:
        case = _locked_active(session, public_id)
        before = _state(case)
        case.status, case.dismissal_reason, case.closed_at = "dismissed", reason, utcnow()
        _changed(session, case, actor, "dismissed", before, note=reason)
        return case


def close(actor, public_id, conclusion):
    """End the case with its conclusion (what was found, what was decided)."""
    conclusion = _required(conclusion, "conclusion", _("Write the conclusion of the case."))
    with transaction() as session:
        case = _locked_active(session, public_id)
        before = _state(case)
        case.status, case.conclusion, case.closed_at = "closed", conclusion, utcnow()
        _changed(session, case, actor, "closed", before, note=conclusion)
        return case


def _required(text, field, message):
    text = (text or "").strip()
    if not text:
        raise InvalidInput(message, {field: [message]})
    if len(text) > MAX_TEXT:
        too_long = _("At most %(count)s characters.", count=MAX_TEXT)
        raise InvalidInput(too_long, {field: [too_long]})
    return text


def _locked(session, public_id):
    case = session.scalar(lock_for_update(select(OversightCase).where(OversightCase.public_id == public_id)))
    if case is None:
        raise NotFound(_("There is no such case."))
    return case


def _locked_active(session, public_id):
    """The case, locked, refused when it was closed or dismissed before this request."""
    case = _locked(session, public_id)
    if case.status not in ACTIVE:
        raise DomainError(_("Case %(number)s is finished; nothing was changed.", number=case.number))
    return case


def _state(case):
    return {"status": case.status, "assignee": case.assignee.public_id if case.assignee else None,
            "deadline": case.deadline.isoformat() if case.deadline else None,
            "escalation_level": case.escalation_level}


def _changed(session, case, actor, step, before, note="", detail=None):
    """Record one piece of work: the version moves, the timeline gets the step, the audit log the change."""
    case.version += 1
    session.flush()
    session.expire(case, ["assignee"])
    record_step(session, case, step, actor, note=note, detail=detail)
    audit.record(f"oversight.case_{step}", actor=actor.public_id, enterprise=case.enterprise.public_id,
                 target=case.public_id, before=before, after={**_state(case), **({"note": note} if note else {})})


def open_case_for(actor, enterprise_reference, title, note=""):
    """``open_case`` for an enterprise named by its credit code or public id (the web form and the API)."""
    with transaction():
        enterprise = sources.enterprise_named(enterprise_reference)
        if enterprise is None:
            message = _("There is no enterprise with that credit code or id.")
            raise InvalidInput(message, {"enterprise": [message]})
        return open_case(actor, enterprise, title, note)


def _case_of_group_day(session, group_key, day, enterprise, title, opened_by):
    """``(case, created)``: the case of ``group_key`` on ``day``, locked; inserted when missing (in a
    savepoint, so a concurrent insert of the same case or number is caught and the loser reads the
    winner's row)."""
    for _attempt in range(NUMBER_ATTEMPTS):
        found = session.scalar(lock_for_update(select(OversightCase).where(
            OversightCase.group_key == group_key, OversightCase.opened_for_day == day)))
        if found is not None:
            return found, False
        case = OversightCase(number=_next_number(session, day), group_key=group_key, opened_for_day=day,
                             enterprise_id=enterprise.id, title=title, status="open",
                             opened_by_id=opened_by.id if opened_by is not None else None,
                             deadline=default_deadline(day))
        try:
            with session.begin_nested():
                session.add(case)
        except IntegrityError:
            continue
        return case, True
    raise DomainError(_("The case could not be opened now; try again."))


def _next_number(session, day):
    prefix = numbering.day_prefix(day)
    numbers = session.scalars(select(OversightCase.number).where(OversightCase.number.like(prefix + "%")))
    return numbering.case_number(day, numbering.next_sequence(numbers))


def default_deadline(day):
    """``OVERSIGHT_CASE_WORKING_DAYS`` mainland working days after ``day``."""
    return add_working_days(day, current_app.config["OVERSIGHT_CASE_WORKING_DAYS"])


def _reopen(session, case, actor=None):
    before = case.status
    case.status, case.closed_at, case.version = "open", None, case.version + 1
    record_step(session, case, "reopened", actor, detail={"from": before})


def record_step(session, case, step, actor, note="", detail=None):
    row = CaseStep(case_id=case.id, step=step, note=note or "", detail=detail or {},
                   actor_id=actor.id if actor is not None else None, at=utcnow())
    session.add(row)
    session.flush()
    session.expire(case, ["steps"])
    return row
