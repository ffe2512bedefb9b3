"""Dispute use cases: the buyer opens, either side adds evidence, the seller answers, the operator decides.

Opening and deciding lock the escrow row first, the same lock every capture, release and refund of
the deal takes: a dispute cannot slip in beside a release, and the escrow stays frozen (nothing is
released) from the moment a dispute opens until the operator's decision settles it. Answers and
evidence lock the dispute row, so two answers or an eleventh file cannot race in.
"""
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload, undefer

from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.disputes import labels, rules
from marketplace.disputes.models import Dispute, DisputeEvidence
from marketplace.disputes.rules import DisputeStatus, Party
from marketplace.errors import Forbidden, InvalidInput, NotFound
from marketplace.escrow import services as escrow_services
from marketplace.escrow.labels import status_name
from marketplace.extensions import db
from marketplace.i18n import money
from marketplace.ledger import services as ledger
from marketplace.outbox import emit
from marketplace.payments import services as payments
from marketplace.policy import PlatformRole

MAX_TEXT = 5000


# --- opening -------------------------------------------------------------------------------------

def open_dispute(user, buyer, public_id, reason, description, evidence=(), now=None):
    """The buyer contests the deal (``public_id`` of the escrow, order or contract); its escrow freezes.

    ``evidence`` holds ``(filename, content_type, bytes)`` files, checked by their content and stored
    with the dispute or not at all. ``now`` is for tests of the inspection clock.
    :raise NotFound: unless ``buyer`` is a party. :raise Forbidden: for the seller.
    :raise InvalidInput: outside the inspection window, with an open dispute, or for a refused file.
    """
    description = _text(description, "description", _("Describe what is wrong with the delivery."))
    files = [(_checked(filename, data, already, "evidence"), stated_type, data)
             for already, (filename, stated_type, data) in enumerate(evidence)]
    with transaction():
        escrow = escrow_services.escrow_for(buyer, public_id)
        if escrow.buyer_enterprise_id != buyer.id:
            raise Forbidden(_only_the_buyer())
        escrow = escrow_services.locked(escrow.public_id)
        _check_opening(escrow, reason, now or utcnow())
        held = ledger.position_of(escrow).held
        escrow_services.freeze(escrow, user)
        dispute = Dispute(escrow_id=escrow.id, buyer_enterprise_id=escrow.buyer_enterprise_id,
                          seller_enterprise_id=escrow.seller_enterprise_id, reason=reason, description=description,
                          opened_by_id=user.id, frozen_minor=held, currency=escrow.currency,
                          status=DisputeStatus.OPEN)
        db.session.add(dispute)
        db.session.flush()
        for checked, stated_type, data in files:
            _store(dispute, buyer, user, checked, data, stated_type)
        record("dispute.opened", actor=user.public_id, enterprise=buyer.public_id, target=dispute.public_id,
               after={"escrow": escrow.public_id, "reason": reason, "frozen_minor": held,
                      "evidence": [checked.sha256 for checked, _type, _data in files]})
        emit("dispute.opened", "dispute", dispute.public_id, dispute.version, _event(dispute, escrow))
    return dispute


def opening_refusal(enterprise, escrow, now=None):
    """Why ``enterprise`` cannot dispute ``escrow`` now, whatever its reason, or None when it can."""
    if escrow.buyer_enterprise_id != enterprise.id:
        return _only_the_buyer()
    try:
        _check_opening(escrow, rules.Reason.NOT_DELIVERED, now or utcnow())
    except InvalidInput as refused:
        return refused.message
    return None


def _only_the_buyer():
    return _("Only the buyer can open a dispute about a deal.")


def _check_opening(escrow, reason, now):
    if _undecided_of(escrow) is not None:
        raise InvalidInput(labels.refusal("already_disputed"))
    open_windows = sum(1 for d in escrow.deliveries if d.released_at is None and d.inspection_ends_at > now)
    goods_to_come = escrow_services.delivered_quantity(escrow) < escrow.quantity
    try:
        rules.check_opening(escrow.status, open_windows, goods_to_come, reason)
    except rules.Refused as refused:
        message = labels.refusal(refused.code, status=status_name(escrow.status))
        raise InvalidInput(message, {"reason": [message]} if refused.code in ("unknown_reason", "goods_not_arrived")
                           else {}) from None


def _undecided_of(escrow):
    return db.session.scalar(select(Dispute).where(Dispute.escrow_id == escrow.id,
                                                   Dispute.status.in_(rules.UNDECIDED)))


# --- evidence and answers ------------------------------------------------------------------------

def add_evidence(user, enterprise, dispute_public_id, filename, content_type, data):
    """Either party adds a file while the dispute is undecided (at most ten per party, judged by content).

    ``content_type`` is what the uploader's client said; it is kept in the audit record, never trusted.
    """
    with transaction():
        dispute = _locked(dispute_for(enterprise, dispute_public_id))
        if dispute.status == DisputeStatus.DECIDED:
            raise InvalidInput(_("This dispute is decided; no more evidence can be added."))
        already = db.session.scalar(select(func.count(DisputeEvidence.id)).where(
            DisputeEvidence.dispute_id == dispute.id, DisputeEvidence.enterprise_id == enterprise.id))
        checked = _checked(filename, data, already, "file")
        evidence = _store(dispute, enterprise, user, checked, data, content_type)
        dispute.version += 1
    return evidence


def _checked(filename, data, already, field):
    """:raise InvalidInput: naming the file and ``field`` when the rules refuse it."""
    try:
        return rules.check_evidence(filename, data, already)
    except rules.Refused as refused:
        message = labels.refusal(refused.code, name=rules.base_name(filename), n=rules.MAX_FILES_PER_PARTY,
                                 mb=rules.MAX_FILE_BYTES // (1024 * 1024))
        raise InvalidInput(message, {field: [message]}) from None


def _store(dispute, enterprise, user, checked, data, stated_type):
    evidence = DisputeEvidence(dispute_id=dispute.id, enterprise_id=enterprise.id, uploaded_by_id=user.id,
                               filename=checked.filename, content_type=checked.content_type, size=checked.size,
                               sha256=checked.sha256, content=data)
    db.session.add(evidence)
    db.session.flush()
    record("dispute.evidence_added", actor=user.public_id, enterprise=enterprise.public_id,
           target=dispute.public_id, after={"evidence": evidence.public_id, "filename": checked.filename,
                                            "content_type": checked.content_type, "stated_type": stated_type or "",
                                            "size": checked.size, "sha256": checked.sha256})
    return evidence


def answer(user, seller, dispute_public_id, text):
    """The seller's side of the story, once, while the dispute is open."""
    text = _text(text, "text", _("Write the seller's answer."))
    with transaction():
        dispute = _locked(dispute_for(seller, dispute_public_id))
        if dispute.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller answers a dispute."))
        if dispute.status != DisputeStatus.OPEN:
            raise InvalidInput(_("This dispute was already answered.") if dispute.status == DisputeStatus.ANSWERED
                               else _("This dispute is decided."))
        dispute.seller_answer, dispute.answered_by_id, dispute.answered_at = text, user.id, utcnow()
        dispute.status = DisputeStatus.ANSWERED
        dispute.version += 1
        record("dispute.answered", actor=user.public_id, enterprise=seller.public_id, target=dispute.public_id,
               after={"status": dispute.status})
        emit("dispute.answered", "dispute", dispute.public_id, dispute.version, _event(dispute, dispute.escrow))
    return dispute


# --- deciding ------------------------------------------------------------------------------------

def decide(user, dispute_public_id, decision, reason, refund_minor=None):
    """The operator settles the frozen escrow: release, refund, or split (``refund_minor`` to the buyer).

    The seller's part bears the platform fee in proportion; a refund goes back to the buyer's card
    once this commits. Decided once: a second decision is refused.
    :raise Forbidden: unless ``user`` is the platform operator.
    """
    if user.platform_role != PlatformRole.OPERATOR:
        raise Forbidden(_("Only the platform operator decides disputes."))
    reason = _text(reason, "reason", _("Write the reason for the decision; both sides will read it."))
    with transaction():
        dispute = dispute_for(None, dispute_public_id)
        escrow = escrow_services.locked(dispute.escrow.public_id)
        dispute = _locked(dispute)
        if dispute.status == DisputeStatus.DECIDED:
            raise InvalidInput(_("This dispute is already decided."))
        before = ledger.position_of(escrow)
        refund = _refund_for(decision, before.held, refund_minor, escrow.currency)
        refunds = escrow_services.settle_dispute(escrow, refund, user, reason)
        fee = ledger.position_of(escrow).fee_taken - before.fee_taken
        dispute.decision, dispute.refund_minor, dispute.release_minor = decision, refund, before.held - refund
        dispute.decision_reason, dispute.decided_by_id, dispute.decided_at = reason, user.id, utcnow()
        dispute.status = DisputeStatus.DECIDED
        dispute.version += 1
        record("dispute.decided", actor=user.public_id, enterprise=escrow.buyer.public_id, target=dispute.public_id,
               after={"decision": decision, "refund_minor": refund, "release_minor": dispute.release_minor,
                      "fee_minor": fee, "reason": reason, "refunds": refunds})
        emit("dispute.decided", "dispute", dispute.public_id, dispute.version,
             {**_event(dispute, escrow), "decision": decision, "refund_minor": refund,
              "release_minor": dispute.release_minor, "fee_minor": fee, "decided_at": dispute.decided_at.isoformat()})
    payments.send_refunds_after_commit(refunds)
    return dispute


def _refund_for(decision, held, refund_minor, currency):
    try:
        return rules.refund_for(decision, held, refund_minor)
    except rules.Refused as refused:
        message = labels.refusal(refused.code, held=money(held, currency))
        field = "decision" if refused.code == "unknown_decision" else "refund"
        raise InvalidInput(message, {field: [message]}) from None


# --- reading -------------------------------------------------------------------------------------

def dispute_for(enterprise, public_id):
    """A dispute seen by one of its parties, or by oversight with ``None``. :raise NotFound: otherwise."""
    dispute = db.session.scalar(select(Dispute).where(Dispute.public_id == public_id))
    if dispute is None or (enterprise is not None and enterprise.id not in (dispute.buyer_enterprise_id,
                                                                          dispute.seller_enterprise_id)):
        raise NotFound(_("There is no such dispute."))
    return dispute


# What a list shows of each dispute, loaded for all rows at once rather than row by row.
_LISTED = (selectinload(Dispute.escrow), selectinload(Dispute.buyer), selectinload(Dispute.seller))


def disputes_statement(enterprise):
    """The disputes where ``enterprise`` is the buyer or the seller (for paging)."""
    return select(Dispute).where(or_(Dispute.buyer_enterprise_id == enterprise.id,
                                     Dispute.seller_enterprise_id == enterprise.id))


def disputes_of(enterprise):
    """Newest first."""
    return db.session.scalars(disputes_statement(enterprise).options(*_LISTED)
                              .order_by(Dispute.id.desc())).all()


def disputes_about(escrow):
    """The disputes of one deal, oldest first (after a decision the escrow is closed, so at most one)."""
    return db.session.scalars(select(Dispute).where(Dispute.escrow_id == escrow.id).order_by(Dispute.id)).all()


def open_disputes():
    """The operator's queue: undecided disputes, the longest waiting first."""
    return db.session.scalars(select(Dispute).options(*_LISTED).where(Dispute.status.in_(rules.UNDECIDED))
                              .order_by(Dispute.opened_at, Dispute.id)).all()


def position_of(dispute):
    """The money of the disputed deal now (captured, released, refunded, fee taken), from the ledger."""
    return ledger.position_of(dispute.escrow)


def party_of(dispute, enterprise):
    """``buyer`` or ``seller``: the side ``enterprise`` is on, or None for oversight."""
    if enterprise is None:
        return None
    return Party.BUYER if enterprise.id == dispute.buyer_enterprise_id else Party.SELLER


def evidence_file(viewer, evidence_public_id, dispute_public_id=None):
    """A file with its content, for the parties (``viewer`` is one of them) or oversight (``None``).

    :raise NotFound: for a file of someone else's dispute, or not of ``dispute_public_id`` when given.
    """
    evidence = db.session.scalar(select(DisputeEvidence).options(undefer(DisputeEvidence.content))
                                 .where(DisputeEvidence.public_id == evidence_public_id))
    if evidence is None or dispute_public_id not in (None, evidence.dispute.public_id):
        raise NotFound(_("There is no such file."))
    dispute_for(viewer, evidence.dispute.public_id)
    return evidence


def outcomes_of(enterprise):
    """Every dispute of ``enterprise`` as the credit domain reads it, oldest first.

    Plain dicts: ``dispute`` (public id), ``payable`` (the order or contract), ``role`` (buyer or
    seller), ``opened_at``, ``reason``, ``decision`` (None while undecided), ``refund_minor`` and
    ``release_minor`` (gross, before the fee), ``currency``, ``decided_at``, and ``won``: ``"yes"``,
    ``"no"`` or ``"partly"`` from this enterprise's side (None while undecided).
    """
    outcomes = []
    for dispute in db.session.scalars(disputes_statement(enterprise).options(selectinload(Dispute.escrow))
                                      .order_by(Dispute.id)):
        role = party_of(dispute, enterprise)
        outcomes.append({"dispute": dispute.public_id, "payable": dispute.escrow.payable_public_id, "role": str(role),
                         "opened_at": dispute.opened_at, "reason": dispute.reason, "decision": dispute.decision,
                         "refund_minor": dispute.refund_minor, "release_minor": dispute.release_minor,
                         "currency": dispute.currency, "decided_at": dispute.decided_at,
                         "won": rules.outcome_for(role, dispute.decision)})
    return outcomes


# --- shared --------------------------------------------------------------------------------------

def _locked(dispute):
    return db.session.scalar(lock_for_update(select(Dispute).where(Dispute.id == dispute.id))
                             .execution_options(populate_existing=True))


def _text(value, field, missing):
    """Stripped text of at most MAX_TEXT characters. :raise InvalidInput: when empty or longer."""
    value = (value or "").strip()
    if not value:
        raise InvalidInput(missing, {field: [missing]})
    if len(value) > MAX_TEXT:
        message = _("Write at most %(n)s characters.", n=MAX_TEXT)
        raise InvalidInput(message, {field: [message]})
    return value


def _event(dispute, escrow):
    return {"escrow": escrow.public_id, "payable": escrow.payable_public_id, "payable_type": escrow.payable_type,
            "buyer": escrow.buyer.public_id, "seller": escrow.seller.public_id, "reason": dispute.reason,
            "status": dispute.status, "frozen_minor": dispute.frozen_minor, "currency": dispute.currency}
