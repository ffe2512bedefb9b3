"""Objections (异议) and credit repair (信用修复): the enterprise files, the operator answers.

Filing an objection marks the entry contested (it then triggers no automatic ban) and answering
clears it; every answer and repair decision re-scores the enterprise in the same transaction, so
the grade on screen follows at once. Filing and answering lock the entry (or the objection or
application) row first, so two filings cannot both be "the one open objection" and an answer is
given once. Evidence files are judged by their content with the disputes' rules.
"""
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from credit.file import services as credit_file
from credit.file.models import OfficialEntry, OfficialEntryStep
from credit.grading import services as grading
from credit.objections import labels, rules
from credit.objections.models import CreditEvidence, Objection, RepairApplication
from credit.objections.rules import ObjectionStatus, RepairStatus
from logistics.messages import message
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.disputes import labels as dispute_labels
from marketplace.disputes import rules as evidence_rules
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.notifications.services import notify

MAX_TEXT = 5000

# What the enterprise is told in the app when its objection is answered or its application decided.
_TOLD = {
    ObjectionStatus.CORRECTED: lambda entry: message(
        "Your objection to entry %(entry)s is upheld: the entry was corrected.", entry=entry),
    ObjectionStatus.REMOVED: lambda entry: message(
        "Your objection to entry %(entry)s is upheld: the entry was removed.", entry=entry),
    ObjectionStatus.KEPT: lambda entry: message(
        "Your objection to entry %(entry)s is not upheld: the entry was kept.", entry=entry),
    RepairStatus.APPROVED: lambda entry: message(
        "Your application to repair entry %(entry)s is approved: the entry no longer counts.", entry=entry),
    RepairStatus.REFUSED: lambda entry: message(
        "Your application to repair entry %(entry)s is refused.", entry=entry),
}


# --- objections ----------------------------------------------------------------------------------

def file_objection(user, enterprise, entry_public_id, statement, evidence=(), today=None):
    """``enterprise`` contests one of its entries; the entry is contested until the operator answers.

    ``evidence`` holds ``(filename, content_type, bytes)`` files, stored with the objection or not at all.
    :raise NotFound: for an entry of another enterprise. :raise InvalidInput: for an entry no longer
        in force, one already under objection, an empty statement or a refused file.
    """
    today = today or shanghai_day()
    statement = _text(statement, "statement", _("Say what is wrong with the entry and why."))
    files = _checked_files(evidence)
    with transaction() as session:
        entry = entry_of(enterprise, entry_public_id, lock=True)
        _refuse(rules.check_objection, _state_of(entry), today, "entry")
        objection = Objection(entry_id=entry.id, enterprise_id=enterprise.id, filed_by_id=user.id,
                              statement=statement, status=ObjectionStatus.PENDING,
                              answer_due_on=rules.due_on(today, current_app.config["CREDIT_OBJECTION_WORKING_DAYS"]))
        session.add(objection)
        session.flush()
        _store(files, user, objection_id=objection.id)
        entry.contested = True
        _step(entry, "contested", statement, objection.public_id, user)
        record("credit.objection_filed", actor=user.public_id, enterprise=enterprise.public_id,
               target=objection.public_id,
               after={"entry": entry.public_id, "answer_due_on": str(objection.answer_due_on),
                      "evidence": [checked.sha256 for checked, _type, _data in files]})
        grading.rescore(enterprise, "objection")
    return objection


def answer_objection(operator, objection_public_id, answer, reason, fields=None, today=None):
    """The operator corrects, removes or keeps the entry, with a reason the enterprise reads.

    Correcting records a new entry in place of the old through the credit file (``fields`` are the
    corrected ones); removing ends the entry today; keeping leaves it as it was. Each clears the
    contested mark and re-scores, so an upheld objection restores the grade.
    :raise InvalidInput: for an unknown answer, no reason, or an objection already answered.
    """
    today = today or shanghai_day()
    reason = _text(reason, "reason", _("Give the reason for the answer; the enterprise reads it."))
    if answer not in rules.ANSWER_STEPS:
        message = _("Choose to correct, remove or keep the entry.")
        raise InvalidInput(message, {"answer": [message]})
    if answer == ObjectionStatus.CORRECTED and not fields:
        message = _("Say which fields of the entry are corrected.")
        raise InvalidInput(message, {"fields": [message]})
    with transaction():
        objection = _locked_pending(Objection, objection_public_id, _("There is no such objection."),
                                    "answer", _("This objection was already answered."))
        entry = _locked_entry_of(objection)
        entry.contested = False
        if answer == ObjectionStatus.CORRECTED:
            correction = credit_file.correct_entry(operator, entry, fields, reason, related=objection.public_id)
            objection.correction_entry_id = correction.id
        else:
            if answer == ObjectionStatus.REMOVED:
                entry.ended_on = today
            _step(entry, rules.ANSWER_STEPS[answer], reason, objection.public_id, operator)
        objection.status, objection.answer = answer, reason
        objection.answered_by_id, objection.answered_at = operator.id, utcnow()
        record("credit.objection_answered", actor=operator.public_id, enterprise=objection.enterprise.public_id,
               target=objection.public_id, before={"status": ObjectionStatus.PENDING},
               after={"status": answer, "reason": reason, "entry": entry.public_id,
                      "correction": objection.correction.public_id if objection.correction else None})
        _tell(objection.enterprise, "credit.objection_answered", _TOLD[answer](entry.public_id), reason)
        grading.rescore(objection.enterprise, "objection")
    return objection


# --- repair --------------------------------------------------------------------------------------

def apply_for_repair(user, enterprise, entry_public_id, statement, evidence=(), today=None):
    """``enterprise`` applies to repair a penalty or listing once its minimum publicity period is over.

    :raise InvalidInput: "repair before the minimum period" naming the first allowed day, or any other
        rule's refusal; nothing is stored then.
    """
    today = today or shanghai_day()
    statement = _text(statement, "statement", _("Say what the enterprise has done to put the matter right."))
    files = _checked_files(evidence)
    with transaction() as session:
        entry = entry_of(enterprise, entry_public_id, lock=True)
        _refuse(rules.check_repair, _state_of(entry), today, "entry")
        application = RepairApplication(
            entry_id=entry.id, enterprise_id=enterprise.id, applied_by_id=user.id, statement=statement,
            status=RepairStatus.PENDING,
            decide_by=rules.due_on(today, current_app.config["CREDIT_REPAIR_WORKING_DAYS"]))
        session.add(application)
        session.flush()
        _store(files, user, repair_id=application.id)
        record("credit.repair_applied", actor=user.public_id, enterprise=enterprise.public_id,
               target=application.public_id, after={"entry": entry.public_id, "decide_by": str(application.decide_by),
                                                    "evidence": [checked.sha256 for checked, _type, _data in files]})
    return application


def decide_repair(operator, repair_public_id, decision, reason, today=None):
    """Approving repairs the entry today (it stops counting and leaves the public view); refusing keeps it.

    :raise InvalidInput: for an unknown decision, no reason, or an application already decided.
    """
    today = today or shanghai_day()
    reason = _text(reason, "reason", _("Give the reason for the decision; the enterprise reads it."))
    if decision not in rules.DECISION_STEPS:
        message = _("Choose to approve or refuse the repair.")
        raise InvalidInput(message, {"decision": [message]})
    with transaction():
        application = _locked_pending(RepairApplication, repair_public_id, _("There is no such repair application."),
                                      "decision", _("This application was already decided."))
        entry = _locked_entry_of(application)
        if decision == RepairStatus.APPROVED:
            entry.repaired_on = today
        _step(entry, rules.DECISION_STEPS[decision], reason, application.public_id, operator)
        application.status, application.decision_reason = decision, reason
        application.decided_by_id, application.decided_at = operator.id, utcnow()
        record("credit.repair_decided", actor=operator.public_id, enterprise=application.enterprise.public_id,
               target=application.public_id, before={"status": RepairStatus.PENDING},
               after={"status": decision, "reason": reason, "entry": entry.public_id})
        _tell(application.enterprise, "credit.repair_decided", _TOLD[decision](entry.public_id), reason)
        grading.rescore(application.enterprise, "repair")
    return application


# --- reading -------------------------------------------------------------------------------------

def entry_of(enterprise, entry_public_id, *, lock=False):
    """One of the enterprise's entries (``lock``: its row locked while filing against it).

    :raise NotFound: for another enterprise's.
    """
    statement = select(OfficialEntry).where(OfficialEntry.public_id == entry_public_id,
                                            OfficialEntry.enterprise_id == enterprise.id)
    entry = db.session.scalar(lock_for_update(statement) if lock else statement)
    if entry is None:
        message = _("This enterprise has no such official entry.")
        raise NotFound(message, {"entry": [message]})
    return entry


def open_actions(entry, today=None):
    """``{"object": refusal or None, "repair": refusal or None}``: what the enterprise may file now, and why not."""
    today = today or shanghai_day()
    state = _state_of(entry)
    actions = {}
    for action, check in (("object", rules.check_objection), ("repair", rules.check_repair)):
        try:
            check(state, today)
            actions[action] = None
        except rules.Refused as refused:
            actions[action] = labels.refusal(refused.code, refused.day)
    return actions


def objections_statement(enterprise=None, status=None):
    """Objections of ``enterprise`` (all when None), filtered by ``status``, oldest deadline first."""
    return _filings(Objection, Objection.answer_due_on, enterprise, status)


def repairs_statement(enterprise=None, status=None):
    """Repair applications of ``enterprise`` (all when None), filtered by ``status``, oldest deadline first."""
    return _filings(RepairApplication, RepairApplication.decide_by, enterprise, status)


def _filings(model, deadline, enterprise, status):
    """Objections and repair applications are read alike: with their entry, enterprise and evidence."""
    statement = select(model).options(selectinload(model.entry), selectinload(model.enterprise),
                                      selectinload(model.evidence))
    if enterprise is not None:
        statement = statement.where(model.enterprise_id == enterprise.id)
    if status is not None:
        statement = statement.where(model.status == status)
    return statement.order_by(deadline, model.id)


def objections_of(enterprise=None, status=None):
    """The objections of ``objections_statement``, loaded."""
    return db.session.scalars(objections_statement(enterprise, status)).all()


def repairs_of(enterprise=None, status=None):
    """The repair applications of ``repairs_statement``, loaded."""
    return db.session.scalars(repairs_statement(enterprise, status)).all()


def overdue_objections(today=None):
    """Objections still unanswered after their answer was due, the longest overdue first (regulator view)."""
    today = today or shanghai_day()
    return db.session.scalars(objections_statement(status=ObjectionStatus.PENDING)
                              .where(Objection.answer_due_on < today)).all()


def overdue_repairs(today=None):
    """Repair applications still undecided after their decision was due, the longest overdue first."""
    today = today or shanghai_day()
    return db.session.scalars(repairs_statement(status=RepairStatus.PENDING)
                              .where(RepairApplication.decide_by < today)).all()


def objection_for(enterprise, public_id):
    """One objection; ``enterprise`` None reads any (oversight). :raise NotFound: for someone else's."""
    found = db.session.scalar(objections_statement(enterprise).where(Objection.public_id == public_id))
    if found is None:
        raise NotFound(_("There is no such objection."))
    return found


def repair_for(enterprise, public_id):
    """One repair application; ``enterprise`` None reads any (oversight). :raise NotFound: for someone else's."""
    found = db.session.scalar(repairs_statement(enterprise).where(RepairApplication.public_id == public_id))
    if found is None:
        raise NotFound(_("There is no such repair application."))
    return found


def evidence_file(enterprise, evidence_public_id):
    """A file with its content, for the enterprise that filed it or oversight (``enterprise`` None).

    :raise NotFound: for a file of another enterprise's objection or application.
    """
    evidence = db.session.scalar(select(CreditEvidence).options(undefer(CreditEvidence.content))
                                 .where(CreditEvidence.public_id == evidence_public_id))
    if evidence is None:
        raise NotFound(_("There is no such file."))
    owner_id = db.session.scalar(
        select(Objection.enterprise_id).where(Objection.id == evidence.objection_id) if evidence.objection_id
        else select(RepairApplication.enterprise_id).where(RepairApplication.id == evidence.repair_id))
    if enterprise is not None and owner_id != enterprise.id:
        raise NotFound(_("There is no such file."))
    return evidence


def is_overdue(item, today=None):
    """Whether an objection or a repair application waits past its deadline."""
    due = item.answer_due_on if isinstance(item, Objection) else item.decide_by
    return rules.is_overdue(item.status, due, today or shanghai_day())


# --- shared --------------------------------------------------------------------------------------

def _text(value, field, missing):
    value = (value or "").strip()
    if not value:
        raise InvalidInput(missing, {field: [missing]})
    if len(value) > MAX_TEXT:
        message = _("At most %(n)s characters.", n=MAX_TEXT)
        raise InvalidInput(message, {field: [message]})
    return value


def _checked_files(evidence):
    """:return: ``[(checked, stated type, bytes)]``. :raise InvalidInput: naming the first refused file."""
    files = []
    for already, (filename, stated_type, data) in enumerate(evidence):
        try:
            files.append((evidence_rules.check_evidence(filename, data, already), stated_type, data))
        except evidence_rules.Refused as refused:
            if refused.code == "too_many_files":
                message = labels.refusal(refused.code, n=evidence_rules.MAX_FILES_PER_PARTY)
            else:
                message = dispute_labels.refusal(refused.code, name=evidence_rules.base_name(filename),
                                                 mb=evidence_rules.MAX_FILE_BYTES // (1024 * 1024))
            raise InvalidInput(message, {"evidence": [message]}) from None
    return files


def _store(files, user, objection_id=None, repair_id=None):
    for checked, _stated_type, data in files:
        db.session.add(CreditEvidence(objection_id=objection_id, repair_id=repair_id, uploaded_by_id=user.id,
                                      filename=checked.filename, content_type=checked.content_type,
                                      size=checked.size, sha256=checked.sha256, content=data))


def _locked_pending(model, public_id, missing, field, already):
    """An objection or repair application, locked so it is answered once.

    :raise NotFound: with ``missing``. :raise InvalidInput: with ``already`` once it is no longer pending.
    """
    found = db.session.scalar(lock_for_update(select(model).where(model.public_id == public_id)))
    if found is None:
        raise NotFound(missing)
    if found.status not in (ObjectionStatus.PENDING, RepairStatus.PENDING):
        raise InvalidInput(already, {field: [already]})
    return found


def _locked_entry_of(filing):
    return db.session.scalar(lock_for_update(select(OfficialEntry).where(OfficialEntry.id == filing.entry_id)))


def _state_of(entry):
    pending_objection = select(Objection.id).where(Objection.entry_id == entry.id,
                                                   Objection.status == ObjectionStatus.PENDING).exists()
    pending_repair = select(RepairApplication.id).where(RepairApplication.entry_id == entry.id,
                                                        RepairApplication.status == RepairStatus.PENDING).exists()
    objection_open, repair_open = db.session.execute(select(pending_objection, pending_repair)).one()
    return rules.EntryState(kind=entry.kind, ended_on=entry.ended_on, removed_on=entry.removed_on,
                            repaired_on=entry.repaired_on,
                            publicity_min_until=entry.publicity_min_until,
                            publicity_max_until=entry.publicity_max_until,
                            objection_open=objection_open, repair_open=repair_open)


def _refuse(check, state, today, field):
    """Run a pure rule. :raise InvalidInput: with the rule's refusal in the reader's words."""
    try:
        check(state, today)
    except rules.Refused as refused:
        message = labels.refusal(refused.code, refused.day)
        raise InvalidInput(message, {field: [message]}) from None


def _tell(enterprise, topic, text, reason):
    """The enterprise's members read the answer, with the operator's reason, in the app."""
    notify(enterprise, topic, text, details=[reason], link=f"/enterprises/{enterprise.public_id}/credit/objections")


def _step(entry, step, reason, related, actor):
    db.session.add(OfficialEntryStep(entry_id=entry.id, step=step, reason=reason, related=related,
                                     actor_id=actor.id))
