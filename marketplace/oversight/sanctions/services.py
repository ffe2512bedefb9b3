"""Sanctions: propose, approve (by another regulator), reject, lift; and what is in force now.

Four eyes: a proposal does nothing; only its approval by a different regulator makes it act, at once,
and records it in the enterprise's credit file as an administrative penalty. Trading, catalog and
escrow learn of it only through ``marketplace.oversight.gate`` (``trading_restriction``, ``escrow_hold``).
"""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from credit.file import services as credit_file
from logistics.messages import message
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI, shanghai_day
from marketplace.notifications.services import in_both_languages, notify
from marketplace.outbox import emit
from marketplace.oversight.sanctions import effects, labels, rules, sources
from marketplace.oversight.sanctions.models import Sanction

AUTHORITY = "滨海交易市场监管部门"  # the deciding authority, as the credit file publishes it
_NUMBER_ATTEMPTS = 5


class AlreadyDecided(DomainError):
    """The sanction was approved, rejected or lifted before this request; nothing changed."""


def _error_text(code):
    return {
        "unknown_kind": _("Choose warning, listing removal, trading suspension, escrow hold or termination."),
        "reason_required": _("Write the reason for the sanction; the enterprise will read it."),
        "reason_too_long": _("At most %(count)s characters.", count=5000),
        "target_required": _("Enter the public id of the listing to remove."),
        "duration_not_lasting": _("Only a suspension, an escrow hold or a termination lasts for a number of days."),
        "duration_out_of_range": _("Enter a number of days from 1 to %(most)s, or leave it empty for “until lifted”.",
                                   most=rules.MAX_DURATION_DAYS),
        "unknown_severity": _("Choose a severity: minor (轻微), general (一般) or serious (严重)."),
    }[code]


def _text(value):
    """Written text without surrounding blanks (paragraphs inside a reason are kept)."""
    return str(value or "").strip()


# --- reading ---------------------------------------------------------------------------------------

def sanctions_statement(status=None, kind=None, enterprise=None):
    """Sanctions, newest first, optionally of one status, kind or enterprise."""
    statement = select(Sanction).order_by(Sanction.proposed_at.desc(), Sanction.id.desc())
    if status:
        statement = statement.where(Sanction.status == status)
    if kind:
        statement = statement.where(Sanction.kind == kind)
    if enterprise is not None:
        statement = statement.where(Sanction.enterprise_id == enterprise.id)
    return statement


def enterprise_filter(reference):
    """The enterprise a list filter names (public id or credit code), None for no filter.

    :raise InvalidInput: for a reference no registered enterprise has.
    """
    if not reference:
        return None
    enterprise = sources.enterprise_named(reference)
    if enterprise is None:
        message = _("No enterprise with this public id or credit code is registered on the platform.")
        raise InvalidInput(message, {"enterprise": [message]})
    return enterprise


def sanctions_list(status=None, kind=None, limit=200):
    """The newest ``limit`` sanctions of ``status`` and ``kind`` (both optional)."""
    return db.session.scalars(sanctions_statement(status, kind).limit(limit)).all()


def sanctions_of(enterprise):
    """Every sanction proposed against ``enterprise``, newest first (for the enterprise 360 view)."""
    return db.session.scalars(sanctions_statement(enterprise=enterprise)).all()


def sanctions_of_case(case):
    """The sanctions proposed within ``case``, newest first (for the case page)."""
    return db.session.scalars(select(Sanction).where(Sanction.case_id == case.id)
                              .order_by(Sanction.proposed_at.desc(), Sanction.id.desc())).all()


def awaiting_approval(actor=None):
    """Proposals waiting for a decision; with ``actor``, only those another regulator proposed (theirs to decide)."""
    statement = sanctions_statement(status=rules.PROPOSED)
    if actor is not None:
        statement = statement.where(Sanction.proposed_by_id != actor.id)
    return db.session.scalars(statement).all()


def sanction_by_public_id(public_id):
    """:raise NotFound: when there is no such sanction."""
    sanction = db.session.scalar(select(Sanction).where(Sanction.public_id == public_id))
    if sanction is None:
        raise NotFound(_("There is no such sanction."))
    return sanction


def term_of(sanction):
    return rules.Term(sanction.kind, sanction.status, sanction.effective_from, sanction.effective_until)


def state_of(sanction, at=None):
    """What ``sanction`` is now: its status, or ``expired`` once an approved one's days ran out."""
    return rules.state(term_of(sanction), at or utcnow())


def lasts(sanction):
    """Whether ``sanction`` acts for a while (suspension, hold, termination) rather than once (warning, removal)."""
    return sanction.kind in rules.LASTING


def is_in_force(sanction, at=None):
    return rules.in_force(term_of(sanction), at or utcnow())


def may_lift(sanction, at=None):
    return rules.may_lift(term_of(sanction), at or utcnow())


def _in_force_of(enterprise, kinds, at):
    """The approved sanctions of ``kinds`` acting on ``enterprise`` at ``at``, the most recent approval first."""
    candidates = db.session.scalars(select(Sanction).where(
        Sanction.enterprise_id == enterprise.id, Sanction.status == rules.APPROVED, Sanction.kind.in_(kinds))
        .order_by(Sanction.effective_from.desc(), Sanction.id.desc())).all()
    return [sanction for sanction in candidates if rules.in_force(term_of(sanction), at)]


def _until(sanction):
    """When ``sanction`` ends, in Beijing time, or None when it lasts until lifted."""
    if sanction.effective_until is None:
        return None
    return sanction.effective_until.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def trading_restriction(enterprise, at=None):
    """:return: the sentence naming the sanction that bars ``enterprise`` from trading now, or None."""
    acting = _in_force_of(enterprise, sorted(rules.BARS_TRADING), at or utcnow())
    if not acting:
        return None
    terminating = next((s for s in acting if s.kind == rules.TERMINATION), None)
    if terminating is not None:
        return _("Trading terminated by sanction %(number)s: orders, bids, auctions, listings and purchases are "
                 "refused.", number=terminating.number)
    suspension = acting[0]
    if (until := _until(suspension)) is None:
        return _("Trading suspended by sanction %(number)s until it is lifted: orders, bids, auctions, listings and "
                 "purchases are refused.", number=suspension.number)
    return _("Trading suspended by sanction %(number)s until %(until)s (Beijing time): orders, bids, auctions, "
             "listings and purchases are refused.", number=suspension.number, until=until)


def escrow_hold(enterprise, at=None):
    """:return: the sentence naming the sanction that holds ``enterprise``'s escrow releases now, or None."""
    acting = _in_force_of(enterprise, sorted(rules.HOLDS_ESCROW), at or utcnow())
    if not acting:
        return None
    hold = acting[0]
    if (until := _until(hold)) is None:
        return _("Escrow releases to this seller wait: held by sanction %(number)s until it is lifted. The money "
                 "stays in escrow and is released once the hold ends.", number=hold.number)
    return _("Escrow releases to this seller wait: held by sanction %(number)s until %(until)s (Beijing time). The "
             "money stays in escrow and is released once the hold ends.", number=hold.number, until=until)


# --- use cases -------------------------------------------------------------------------------------

def _checked_proposal(enterprise, kind, reason, target, duration_days, severity):
    """:raise InvalidInput: naming every field at fault (nothing stored)."""
    codes = rules.proposal_errors(kind, reason, target, duration_days, severity)
    errors = {field: [_error_text(code) for code in found] for field, found in codes.items()}
    if enterprise is None:
        errors["enterprise"] = [_("Enter the public id or unified social credit code of a registered enterprise.")]
    elif target and "target" not in errors and kind in rules.NEEDS_TARGET:
        owner = sources.listing_owner(target)
        if owner is None or owner.id != enterprise.id:
            errors["target"] = [_("This enterprise has no listing with that public id.")]
    if errors:
        raise InvalidInput(_("The sanction was not proposed: please correct the fields marked."), errors)


def _numbered(session, sanction):
    """Give ``sanction`` the year's next decision number; a number taken meanwhile is retried (unique column)."""
    year = shanghai_day().year
    for _attempt in range(_NUMBER_ATTEMPTS):
        taken = session.scalars(select(Sanction.number).where(
            Sanction.number.like(rules.year_prefix(year) + "%"))).all()
        sanction.number = rules.number(year, rules.next_sequence(taken, year))
        try:
            with session.begin_nested():
                session.add(sanction)
                session.flush()
            return sanction
        except IntegrityError:
            continue
    raise DomainError(_("Another sanction took this number at the same moment; please submit again."))


def propose(actor, enterprise, kind, reason, case=None, target=None, duration_days=None, severity=None):
    """Propose a sanction against ``enterprise``; it does nothing until another regulator approves it.

    :raise InvalidInput: naming every field at fault; nothing is stored then.
    """
    reason, target = _text(reason), _text(target) or None
    with transaction() as session:
        _checked_proposal(enterprise, kind, reason, target, duration_days, severity)
        sanction = Sanction(enterprise_id=enterprise.id, case_id=case.id if case is not None else None, kind=kind,
                            target=target if kind in rules.NEEDS_TARGET else None, reason=reason,
                            severity=severity or rules.DEFAULT_SEVERITY[kind], duration_days=duration_days,
                            status=rules.PROPOSED, proposed_by_id=actor.id, proposed_at=utcnow())
        sanction.enterprise = enterprise
        _numbered(session, sanction)
        record("oversight.sanction_proposed", actor=actor.public_id, enterprise=enterprise.public_id,
               target=sanction.public_id, after=_audit_view(sanction))
        return sanction


def propose_from(actor, fields):
    """Propose from a form's or an API body's ``fields``: the enterprise named by public id or credit code,
    the case by public id. :raise InvalidInput: naming every field at fault; nothing is stored then."""
    case = sources.case_by_public_id(fields.get("case"))
    if fields.get("case") and case is None:
        raise InvalidInput(_("There is no such case."), {"case": [_("There is no such case.")]})
    named = fields.get("enterprise")
    enterprise = sources.enterprise_named(named) if named else (case.enterprise if case else None)
    return propose(actor, enterprise, fields.get("kind"), fields.get("reason"), case=case,
                   target=fields.get("target"), duration_days=fields.get("duration_days"),
                   severity=fields.get("severity") or None)


def case_named(public_id):
    """The case ``public_id`` names (for the proposal form opened from a case), or None."""
    return sources.case_by_public_id(public_id)


def case_of(sanction):
    """The case ``sanction`` was proposed in, or None."""
    return sources.case_by_id(sanction.case_id)


def _locked(sanction):
    return db.session.scalar(lock_for_update(select(Sanction).where(Sanction.id == sanction.id))
                             .execution_options(populate_existing=True))


def _ensure_proposed(sanction):
    if sanction.status != rules.PROPOSED:
        raise AlreadyDecided(_("Sanction %(number)s is already %(status)s; nothing changed.",
                               number=sanction.number, status=labels.STATUSES[sanction.status]))


def approve(actor, sanction, note=""):
    """Approve a proposal: it acts at once, enters the credit file and the enterprise is told.

    Approves at most once: the row is locked and its status checked after locking, so a second
    approval at the same moment is refused. :raise Forbidden: when ``actor`` proposed it.
    :raise AlreadyDecided: when it was decided before.
    """
    with transaction():
        sanction = _locked(sanction)
        _ensure_proposed(sanction)
        if sanction.proposed_by_id == actor.id:
            raise Forbidden(_("You proposed sanction %(number)s, so another regulator must approve it (four eyes).",
                              number=sanction.number))
        before = _audit_view(sanction)
        now = utcnow()
        sanction.status, sanction.decided_by_id, sanction.decided_at = rules.APPROVED, actor.id, now
        sanction.decision_note = _text(note) or None
        sanction.effective_from, sanction.effective_until = rules.period(now, sanction.duration_days)
        sanction.version += 1
        effects.take_effect(actor, sanction)
        sanction.credit_entry_public_id = _enter_in_credit_file(actor, sanction).public_id
        record("oversight.sanction_approved", actor=actor.public_id, enterprise=sanction.enterprise.public_id,
               target=sanction.public_id, before=before, after=_audit_view(sanction))
        _announce(sanction, "oversight.sanction_approved")
        _tell(sanction, message("Sanction %(number)s (%(kind)s) was decided against your enterprise and is in "
                                "force from now.", number=sanction.number, kind=_kind_words(sanction.kind)))
        return sanction


def reject(actor, sanction, note):
    """Reject a proposal with a written note; it never acts. :raise InvalidInput: without a note."""
    note = _text(note)
    if not note:
        raise InvalidInput(_("Say why the proposal is rejected."), {"note": [_("Give a reason.")]})
    with transaction():
        sanction = _locked(sanction)
        _ensure_proposed(sanction)
        before = _audit_view(sanction)
        sanction.status, sanction.decided_by_id, sanction.decided_at = rules.REJECTED, actor.id, utcnow()
        sanction.decision_note = note
        sanction.version += 1
        record("oversight.sanction_rejected", actor=actor.public_id, enterprise=sanction.enterprise.public_id,
               target=sanction.public_id, before=before, after=_audit_view(sanction))
        _announce(sanction, "oversight.sanction_rejected")
        return sanction


def lift(actor, sanction, reason):
    """End a suspension, hold or termination in force now; trading and escrow releases resume at once.

    The credit entry stays: the decision was made. :raise InvalidInput: without a reason or when nothing acts.
    """
    reason = _text(reason)
    if not reason:
        raise InvalidInput(_("Say why the sanction is lifted."), {"reason": [_("Give a reason.")]})
    with transaction():
        sanction = _locked(sanction)
        now = utcnow()
        if not rules.may_lift(term_of(sanction), now):
            raise AlreadyDecided(_("Sanction %(number)s is not in force as a lasting measure, so there is nothing "
                                   "to lift.", number=sanction.number))
        before = _audit_view(sanction)
        sanction.status, sanction.lifted_at, sanction.lifted_by_id = rules.LIFTED, now, actor.id
        sanction.lift_reason = reason
        sanction.version += 1
        record("oversight.sanction_lifted", actor=actor.public_id, enterprise=sanction.enterprise.public_id,
               target=sanction.public_id, before=before, after=_audit_view(sanction))
        _announce(sanction, "oversight.sanction_lifted")
        _tell(sanction, message("Sanction %(number)s (%(kind)s) against your enterprise was lifted.",
                                number=sanction.number, kind=_kind_words(sanction.kind)), details=[reason])
        return sanction


# --- what approval records and tells ---------------------------------------------------------------

def _enter_in_credit_file(actor, sanction):
    """The sanction as an administrative penalty in the enterprise's credit file (decision number = its number)."""
    fields = {"credit_code": sanction.enterprise.credit_code, "kind": "penalty", "severity": sanction.severity,
              "decided_on": shanghai_day(), "authority": AUTHORITY, "decision_number": sanction.number,
              "title": labels.ENTRY_TITLES[sanction.kind], "content": sanction.reason}
    return credit_file.record_entry(actor, fields, source="sanction", reason=sanction.reason,
                                    related=sanction.public_id)


def _kind_words(kind):
    """The kind as a notification parameter, read in each member's language (the code's words in English)."""
    return in_both_languages(labels.ENTRY_TITLES[kind], kind.replace("_", " "))


def _tell(sanction, text, details=None):
    """The enterprise's members read the decision with its reason, linked to their credit file where it shows."""
    notify(sanction.enterprise, "oversight.sanction", text, details=details or [sanction.reason],
           link=f"/enterprises/{sanction.enterprise.public_id}/credit/file")


def _announce(sanction, topic):
    emit(topic, "oversight_sanction", sanction.public_id, sanction.version,
         {"sanction": sanction.public_id, "number": sanction.number, "enterprise": sanction.enterprise.public_id,
          "kind": sanction.kind, "status": sanction.status})


def _audit_view(sanction):
    return {"number": sanction.number, "kind": sanction.kind, "status": sanction.status, "reason": sanction.reason,
            "severity": sanction.severity, "target": sanction.target, "duration_days": sanction.duration_days,
            "effective_from": sanction.effective_from.isoformat() if sanction.effective_from else None,
            "effective_until": sanction.effective_until.isoformat() if sanction.effective_until else None,
            "credit_entry": sanction.credit_entry_public_id}
