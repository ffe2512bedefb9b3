"""Cases: alerts of one control group on one day gathered into one case, and the work on it.

Each use case is one transaction; every change locks the case row, checks its state after locking,
writes a ``CaseStep`` (the case file's timeline) and an audit record.
"""
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Enterprise, User
from marketplace.audit import services as audit
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, InvalidInput, NotFound
from marketplace.i18n import shanghai_day
from marketplace.oversight.cases import numbering
from marketplace.oversight.cases.models import CaseStep, OversightCase
from marketplace.oversight.groups.services import group_key_of
from marketplace.workdays import add_working_days

ACTIVE = ("open", "investigating", "escalated")
FINISHED = ("closed", "dismissed")
# Two cases opened at the same instant may pick the same number; the loser retries with the next one.
NUMBER_ATTEMPTS = 20


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
        _step(session, case, "alert_filed", None, detail={"alert": alert.public_id, "rule": alert.rule_label})
        audit.record("oversight.alert_filed", enterprise=enterprise.public_id, target=case.public_id,
                     after={"alert": alert.public_id, "case": case.number})
        return case


def open_case(actor, enterprise, title, note="", day=None):
    """Open a case by hand (a regulator, or a complaint found to need one) about ``enterprise``.

    A case gathers one control group's day (``day``, default today in Shanghai): when that case exists
    already (alerts opened it, or another complaint) the request joins it as a noted step instead.
    :return: the case.
    """
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("The case needs a title."), {"title": [_("Give the case a title.")]})
    day = day or shanghai_day()
    with transaction() as session:
        case, created = _case_of_group_day(session, group_key_of(enterprise), day, enterprise, title[:300],
                                           opened_by=actor)
        if case.status in FINISHED:
            _reopen(session, case, actor)
        _step(session, case, "opened" if created else "joined", actor, note=note, detail={"title": title[:300]})
        audit.record("oversight.case_opened", actor=actor.public_id, enterprise=enterprise.public_id,
                     target=case.public_id, after={"number": case.number, "title": title[:300], "note": note})
        return case


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
    _step(session, case, "reopened", actor, detail={"from": before})


def _step(session, case, step, actor, note="", detail=None):
    row = CaseStep(case_id=case.id, step=step, note=note or "", detail=detail or {},
                   actor_id=actor.id if actor is not None else None, at=utcnow())
    session.add(row)
    session.flush()
    session.expire(case, ["steps"])
    return row
