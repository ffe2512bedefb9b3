"""Complaints (投诉) and reports (举报): filing, the regulator's handling with its statutory clocks, and reading.

Every due date is computed by ``clocks`` when its stage starts and stored, so the filer, the
respondent and the regulator read the same deadline. Handling locks the complaint row and checks
what ``flow`` allows after the lock, so two regulators acting at once cannot both accept or both
close. A respondent reads a complaint through :func:`party_view`, which never carries the reporter.
"""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction
from marketplace.errors import InvalidInput, NotFound
from logistics.messages import message
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.oversight.complaints import clocks, flow, sources, steps
from marketplace.oversight.complaints.flow import Action, Outcome, Status
from marketplace.oversight.complaints.models import Complaint, ComplaintStep
from marketplace.oversight.exports.services import log_access

MAX_TEXT = 5000
CATEGORIES = ("product_quality", "false_advertising", "contract_breach", "delivery", "pricing", "fraud",
              "unlicensed", "other")
REPORT_SUBJECTS = ("enterprise", "listing", "order")
COMPLAINT_SUBJECTS = ("order", "contract")
_NUMBER_PREFIX = {"complaint": "TS", "report": "JB"}


def _durations():
    return current_app.config["OVERSIGHT_COMPLAINT_CLOCKS"]


def _refused(field, text):
    raise InvalidInput(text, {field: [text]})


# --- filing --------------------------------------------------------------------------------------

def _checked_text(value, field, limit, required_message=None):
    value = (value or "").strip()
    if required_message and not value:
        _refused(field, required_message)
    if len(value) > limit:
        _refused(field, _("At most %(count)d characters.", count=limit))
    return value


def _checked_common(category, description):
    if category not in CATEGORIES:
        _refused("category", _("Choose what the complaint is about."))
    return _checked_text(description, "description", MAX_TEXT, _("Describe what happened."))


def _subject_of(kind, public_id, allowed):
    """The respondent (and buyer) named by ``kind`` and ``public_id``. :raise InvalidInput: when there is none."""
    if kind not in allowed:
        _refused("subject_kind", _("Choose what the complaint is against."))
    public_id = (public_id or "").strip()
    if not public_id:
        _refused("subject_id", _("Name the enterprise, listing, order or contract it is against: "
                                 "without a respondent nothing can be filed."))
    subject = sources.RESOLVERS[kind](public_id)
    if subject is None:
        _refused("subject_id", _("There is no such enterprise, listing, order or contract: check the number."))
    return public_id, subject


def file_report(user, subject_kind, subject_id, category, description, *, anonymous=False, reporter_name="",
                reporter_contact="", today=None):
    """Anyone reports a suspected violation by an enterprise, a listing's seller or an order's seller.

    ``user`` is None for a visitor who is not signed in. An anonymous report keeps no name, contact or
    person; a named one lets the reporter learn whether a case was opened.
    :raise InvalidInput: without a respondent, an unknown one, an unknown category or no description.
    """
    description = _checked_common(category, description)
    public_id, subject = _subject_of(subject_kind, subject_id, REPORT_SUBJECTS)
    reporter_name = "" if anonymous else _checked_text(reporter_name, "reporter_name", 100)
    reporter_contact = "" if anonymous else _checked_text(reporter_contact, "reporter_contact", 200)
    anonymous = anonymous or (user is None and not reporter_name)
    complaint = Complaint(kind="report", respondent_enterprise_id=subject.respondent_id, subject_kind=subject_kind,
                          subject_public_id=public_id if subject_kind != "enterprise" else None,
                          category=category, description=description, anonymous=anonymous,
                          filer_user_id=None if anonymous else getattr(user, "id", None),
                          reporter_name=reporter_name, reporter_contact=reporter_contact)
    return _filed(complaint, user, today)


def file_complaint(user, enterprise, subject_kind, subject_id, category, description, desired_outcome="",
                   today=None):
    """A buyer ``enterprise`` complains about one of its orders or contracts; the seller is the respondent.

    :raise InvalidInput: without an order or contract, for one the enterprise did not buy, an unknown
        category or no description.
    """
    description = _checked_common(category, description)
    desired_outcome = _checked_text(desired_outcome, "desired_outcome", MAX_TEXT)
    public_id, subject = _subject_of(subject_kind, subject_id, COMPLAINT_SUBJECTS)
    if subject.buyer_id != enterprise.id:
        _refused("subject_id", _("Choose one of the orders or contracts your enterprise bought under."))
    complaint = Complaint(kind="complaint", respondent_enterprise_id=subject.respondent_id,
                          subject_kind=subject_kind, subject_public_id=public_id, category=category,
                          description=description, desired_outcome=desired_outcome, filer_user_id=user.id,
                          complainant_enterprise_id=enterprise.id, reporter_name=user.display_name)
    return _filed(complaint, user, today)


def _filed(complaint, user, today):
    """Store ``complaint`` with its number and acceptance clock, audit it and tell the regulator's queue."""
    today = today or shanghai_day()
    complaint.filed_on = today
    complaint.accept_due_on = clocks.due_on("accept", today, _durations())
    with transaction() as session:
        _insert_numbered(session, complaint, today)
        _step(complaint, "filed", "", "both", user)
        record("oversight.complaint_filed", actor=getattr(user, "public_id", None) or "anonymous",
               enterprise=complaint.respondent.public_id, target=complaint.public_id,
               after={"number": complaint.number, "kind": complaint.kind, "subject": complaint.subject_kind,
                      "accept_due_on": str(complaint.accept_due_on), "anonymous": complaint.anonymous})
    return complaint


def _insert_numbered(session, complaint, today, attempts=5):
    """Give ``complaint`` the next number of its kind and day (TS-YYYYMMDD-NNNN, JB-…) and insert it.

    Two filings at once may pick the same number; the loser retries with the next one.
    """
    prefix = f"{_NUMBER_PREFIX[complaint.kind]}-{today:%Y%m%d}-"
    for _attempt in range(attempts):
        highest = session.scalar(select(func.max(Complaint.number)).where(Complaint.number.like(prefix + "%")))
        complaint.number = f"{prefix}{int(highest.rsplit('-', 1)[1]) + 1 if highest else 1:04d}"
        try:
            with session.begin_nested():
                session.add(complaint)
                session.flush()
            return
        except IntegrityError:
            continue
    raise RuntimeError(f"no free complaint number under {prefix} after {attempts} attempts")


def _step(complaint, step, note, visible_to, user):
    complaint.steps.append(ComplaintStep(step=step, note=note or "", visible_to=visible_to,
                                         actor_id=getattr(user, "id", None)))


def answer(user, enterprise, public_id, statement):
    """The respondent states its side while the complaint is open; the regulator (and a complainant
    enterprise) read it, and a complainant enterprise is told.

    :raise NotFound: unless ``enterprise`` is the respondent. :raise InvalidInput: no statement, or finished.
    """
    statement = _checked_text(statement, "statement", MAX_TEXT, _("Write the enterprise's statement."))
    with transaction():
        complaint = _locked(public_id)
        if complaint.respondent_enterprise_id != enterprise.id:
            raise NotFound(_("There is no such complaint or report."))
        if complaint.status in flow.FINISHED:
            _refused("statement", _("This complaint is closed; statements are no longer taken."))
        _step(complaint, "respondent_answer", statement, "both", user)
        complaint.version += 1
        record("oversight.complaint_answered", actor=user.public_id, enterprise=enterprise.public_id,
               target=complaint.public_id, after={"statement_length": len(statement)})
        steps.tell_complainant(complaint, "oversight.complaint_answered",
                               message("The respondent answered %(kind)s %(number)s.", **steps.named(complaint)),
                               statement)
    return PartyView(complaint, "respondent")


# --- handling ------------------------------------------------------------------------------------

_REFUSALS = {
    "status": lambda: _("This step is not open in the complaint's present status."),
    "extended_once": lambda: _("Verification can be extended once only."),
    "case_decided": lambda: _("Whether a case is opened is already decided."),
    "no_named_reporter": lambda: _("The reporter is anonymous: there is nobody to tell."),
    "reporter_not_due": lambda: _("The reporter is told once, after deciding whether a case is opened."),
    "parties_told": lambda: _("The parties were already told."),
    "case_undecided": lambda: _("Decide whether a case is opened before closing."),
    "parties_not_told": lambda: _("Tell both parties that mediation failed before closing."),
}


def facts_of(complaint):
    return flow.Facts(complaint.status, extended=complaint.verification_extended,
                      case_decided=complaint.case_opened is not None,
                      named_reporter=steps.has_named_reporter(complaint),
                      reporter_told=complaint.reporter_told_on is not None,
                      parties_told=complaint.parties_told_on is not None)


def open_actions(complaint):
    """What the regulator may do now, in working order."""
    return flow.open_actions(facts_of(complaint))


def _checked_handling(action, note, outcome):
    try:
        action = Action(action)
    except ValueError:
        _refused("action", _("Choose a step."))
    note = _checked_text(note, "note", MAX_TEXT)
    if action in flow.NOTE_REQUIRED and not note:
        _refused("note", _("Write the reason or what the parties were told; it is kept with the complaint."))
    if action == Action.CLOSE and outcome not in flow.CLOSING_OUTCOMES:
        _refused("outcome", _("Choose the outcome: upheld, not upheld or no agreement."))
    return action, note


def handle(regulator, public_id, action, note="", outcome=None, today=None):
    """Take one step of the handling (``flow.Action``) on a complaint, as ``regulator``.

    Locks the complaint, checks the step is open in its present state, starts or stops the clocks it
    concerns, tells whom it concerns and audits the change, all in one transaction.
    :raise InvalidInput: for a step not open now or a missing reason. :raise NotFound: for no such complaint.
    """
    today = today or shanghai_day()
    action, note = _checked_handling(action, note, outcome)
    with transaction():
        complaint = _locked(public_id)
        refusal = flow.refusal(action, facts_of(complaint))
        if refusal is not None:
            _refused("action", _REFUSALS[refusal]())
        before = _state(complaint)
        steps.STEPS[action](complaint, regulator, note, outcome, today)
        complaint.status = flow.next_status(action, complaint.status)
        complaint.handler_id = complaint.handler_id or regulator.id
        complaint.version += 1
        _step(complaint, action.value, note, steps.AUDIENCE.get(action, "both"), regulator)
        record(f"oversight.complaint_{action.value}", actor=regulator.public_id,
               enterprise=complaint.respondent.public_id, target=complaint.public_id, before=before,
               after=_state(complaint))
    return complaint


def _locked(public_id):
    found = db.session.scalar(lock_for_update(select(Complaint).where(Complaint.public_id == public_id)))
    if found is None:
        raise NotFound(_("There is no such complaint or report."))
    db.session.refresh(found)
    return found


def _state(complaint):
    return {"status": complaint.status, "outcome": complaint.outcome, "case_opened": complaint.case_opened,
            **{name: str(getattr(complaint, name)) for name in (
                "accept_due_on", "mediation_due_on", "parties_told_due_on", "verification_due_on",
                "reporter_told_due_on") if getattr(complaint, name) is not None}}


def end_lapsed_mediations(today=None):
    """Mediations past their 45 working days end without agreement; the parties' clock starts that day.

    Run by the periodic job; safe to run again (each mediation ends once). :return: the number ended.
    """
    today = today or shanghai_day()
    with transaction() as session:
        lapsed = session.scalars(lock_for_update(select(Complaint).where(
            Complaint.status == Status.MEDIATING, Complaint.mediation_due_on < today))).all()
        for complaint in lapsed:
            before = _state(complaint)
            steps.mediation_failed(complaint, None, "", None, complaint.mediation_due_on)
            complaint.status, complaint.version = Status.MEDIATION_FAILED, complaint.version + 1
            _step(complaint, "mediation_lapsed", "", "both", None)
            record("oversight.complaint_mediation_lapsed", actor="system", enterprise=complaint.respondent.public_id,
                   target=complaint.public_id, before=before, after=_state(complaint))
    return len(lapsed)


# --- clocks and overdue --------------------------------------------------------------------------

def _decided_on(complaint):
    steps = [s for s in complaint.steps if s.step in (Action.OPEN_CASE, Action.NO_CASE, Action.REFUSE)]
    return shanghai_day(steps[-1].at) if steps else None


def clocks_of(complaint):
    """The clocks the complaint has started, each with its due day and the day it was met."""
    started = [clocks.Clock("accept", complaint.accept_due_on,
                            complaint.accepted_on or (shanghai_day(complaint.closed_at)
                                                      if complaint.status == Status.REFUSED else None))]
    if complaint.mediation_due_on:
        started.append(clocks.Clock("mediation", complaint.mediation_due_on, complaint.mediation_ended_on))
    if complaint.parties_told_due_on:
        started.append(clocks.Clock("tell_parties", complaint.parties_told_due_on, complaint.parties_told_on))
    if complaint.verification_due_on:
        started.append(clocks.Clock("verify", complaint.verification_due_on, _decided_on(complaint)))
    if complaint.reporter_told_due_on:
        started.append(clocks.Clock("tell_reporter", complaint.reporter_told_due_on, complaint.reporter_told_on))
    return started


def overdue_stages(complaint, today=None):
    """The stages whose clock ran out while still open (the overdue badge)."""
    return clocks.overdue_stages(clocks_of(complaint), today or shanghai_day())


def overdue_condition(today):
    """The SQL form of :func:`overdue_stages` being non-empty, for list filters and counts."""
    return or_(
        and_(Complaint.status == Status.SUBMITTED, Complaint.accept_due_on < today),
        and_(Complaint.status == Status.MEDIATING, Complaint.mediation_due_on < today),
        and_(Complaint.parties_told_on.is_(None), Complaint.parties_told_due_on < today),
        and_(Complaint.status == Status.INVESTIGATING, Complaint.case_opened.is_(None),
             Complaint.verification_due_on < today),
        and_(Complaint.reporter_told_on.is_(None), Complaint.reporter_told_due_on < today),
    )


def overdue_count(today=None):
    """How many complaints and reports have a clock that ran out (the desk's badge)."""
    return db.session.scalar(select(func.count()).select_from(Complaint)
                             .where(overdue_condition(today or shanghai_day())))


# --- reading -------------------------------------------------------------------------------------

def regulator_statement(status=None, kind=None, overdue=False, today=None):
    """Every complaint and report for the regulator's list, the oldest acceptance deadline first."""
    statement = select(Complaint).options(selectinload(Complaint.steps), selectinload(Complaint.respondent))
    if status:
        statement = statement.where(Complaint.status == status)
    if kind:
        statement = statement.where(Complaint.kind == kind)
    if overdue:
        statement = statement.where(overdue_condition(today or shanghai_day()))
    return statement.order_by(Complaint.accept_due_on, Complaint.id)


def regulator_list(status=None, kind=None, overdue=False, limit=200):
    """The regulator's list (logged: it names reporters' complaints against enterprises)."""
    log_access("complaints", query={"status": status, "kind": kind, "overdue": overdue})
    return db.session.scalars(regulator_statement(status, kind, overdue).limit(limit)).all()


def complaint_for_regulator(public_id):
    """One complaint with everything, reporter included; the read is logged. :raise NotFound:"""
    found = db.session.scalar(select(Complaint).where(Complaint.public_id == public_id))
    if found is None:
        raise NotFound(_("There is no such complaint or report."))
    log_access("complaint", subject=found.public_id)
    return found


def enterprise_statement(enterprise):
    """The complaints an enterprise filed and those against it, newest first."""
    return (select(Complaint).options(selectinload(Complaint.steps))
            .where(or_(Complaint.complainant_enterprise_id == enterprise.id,
                       Complaint.respondent_enterprise_id == enterprise.id))
            .order_by(Complaint.id.desc()))


@dataclass(frozen=True)
class PartyView:
    """A complaint as one party reads it: the respondent never sees who reported or their contact."""

    complaint: Complaint
    role: str  # complainant | respondent

    def __getattr__(self, name):
        if name in ("reporter_name", "reporter_contact", "filer", "filer_user_id", "anonymous"):
            raise AttributeError(f"{name} is not shown to a party")
        return getattr(self.complaint, name)

    @property
    def steps(self):
        seen = ("filer", "both") if self.role == "complainant" else ("respondent", "both")
        return [step for step in self.complaint.steps if step.visible_to in seen]

    @property
    def complainant_name(self):
        """The complainant enterprise (a complaint names its order); a report's reporter stays unnamed."""
        return self.complaint.complainant

    @property
    def overdue(self):
        return overdue_stages(self.complaint)


def party_view(enterprise, complaint):
    """``complaint`` as ``enterprise`` reads it. :raise NotFound: when the enterprise is not a party."""
    if complaint.complainant_enterprise_id == enterprise.id:
        return PartyView(complaint, "complainant")
    if complaint.respondent_enterprise_id == enterprise.id:
        return PartyView(complaint, "respondent")
    raise NotFound(_("There is no such complaint or report."))


def complaints_of(enterprise):
    """``PartyView``s of every complaint the enterprise filed or answers, newest first."""
    return [party_view(enterprise, c) for c in db.session.scalars(enterprise_statement(enterprise))]


def complaint_of(enterprise, public_id):
    """One complaint the enterprise is a party to. :raise NotFound: otherwise."""
    found = db.session.scalar(select(Complaint).where(Complaint.public_id == public_id))
    if found is None:
        raise NotFound(_("There is no such complaint or report."))
    return party_view(enterprise, found)


def reports_of(user):
    """The reports and complaints ``user`` filed under their name, newest first."""
    return db.session.scalars(select(Complaint).where(Complaint.filer_user_id == user.id)
                              .order_by(Complaint.id.desc())).all()


# --- statistics ----------------------------------------------------------------------------------

def _counted(column, start, end):
    rows = db.session.execute(select(column, func.count()).where(Complaint.filed_on.between(start, end))
                              .group_by(column)).all()
    return {key: count for key, count in rows if key is not None}


def _count_filed(start, end, *conditions):
    return db.session.scalar(select(func.count()).select_from(Complaint)
                             .where(Complaint.filed_on.between(start, end), *conditions))


def statistics(start, end, today=None):
    """Complaints and reports filed from ``start`` to ``end`` (Shanghai days, both included).

    :return: ``{"start", "end", "filed", "by_kind", "by_status", "by_outcome", "by_category", "upheld",
        "overdue", "accepted_late", "top_respondents": [(Enterprise, count), …]}`` (ten at most).
    """
    in_period = Complaint.filed_on.between(start, end)
    top = db.session.execute(select(Complaint.respondent_enterprise_id, func.count().label("n")).where(in_period)
                             .group_by(Complaint.respondent_enterprise_id)
                             .order_by(func.count().desc(), Complaint.respondent_enterprise_id).limit(10)).all()
    names = sources.enterprises_by_id([row[0] for row in top])
    by_outcome = _counted(Complaint.outcome, start, end)
    return {"start": start, "end": end, "filed": _count_filed(start, end),
            "by_kind": _counted(Complaint.kind, start, end), "by_status": _counted(Complaint.status, start, end),
            "by_outcome": by_outcome, "by_category": _counted(Complaint.category, start, end),
            "upheld": by_outcome.get(Outcome.UPHELD, 0),
            "overdue": _count_filed(start, end, overdue_condition(today or shanghai_day())),
            "accepted_late": _count_filed(start, end, Complaint.accepted_on > Complaint.accept_due_on),
            "top_respondents": [(names[enterprise_id], n) for enterprise_id, n in top]}


def regulator_statistics(start, end):
    """:func:`statistics` for a regulator's page or API call, logged as a read of non-public data."""
    log_access("complaint_statistics", query={"start": str(start), "end": str(end)})
    return statistics(start, end)


def counts_by_day(start, end):
    """``[{"day", "complaint", "report", "total"}, …]`` for every day from ``start`` to ``end``, zeros included."""
    rows = db.session.execute(select(Complaint.filed_on, Complaint.kind, func.count())
                              .where(Complaint.filed_on.between(start, end))
                              .group_by(Complaint.filed_on, Complaint.kind)).all()
    counted = {(day, kind): n for day, kind, n in rows}
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    return [{"day": day, "complaint": counted.get((day, "complaint"), 0), "report": counted.get((day, "report"), 0),
             "total": counted.get((day, "complaint"), 0) + counted.get((day, "report"), 0)} for day in days]
