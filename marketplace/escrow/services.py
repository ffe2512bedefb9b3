"""Escrow use cases: open with the deal, take captures, ship, confirm delivery, release, cancel.

Every change of an escrow locks its row first (``_locked``), so two requests about one deal (two
release clicks, a webhook and a recovery pass, a cancel racing a capture) run one after the other
and the second sees what the first did. Money moves through ledger keys that can be booked once.
"""
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from credit.terms import table as credit_terms
from marketplace.accounts.models import Enterprise
from marketplace.audit.services import record
from marketplace.database import lock_for_update, transaction, utcnow
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.escrow import lifecycle, rules
from marketplace.escrow.labels import status_name
from marketplace.escrow.lifecycle import EscrowStatus
from marketplace.escrow.models import Delivery, Escrow, EscrowStatusChange
from marketplace.extensions import db
from marketplace.ledger import postings
from marketplace.ledger import services as ledger
from marketplace.outbox import emit
from marketplace.oversight import gate

ORDER, CONTRACT = "order", "contract"


class ReleaseHeld(DomainError):
    """A sanction holds releases to the seller: nothing moved, the money stays in escrow and is released after
    the hold ends (the release job retries due deliveries each pass)."""


def _ensure_not_held(escrow):
    """:raise ReleaseHeld: naming the sanction while one holds releases to ``escrow``'s seller."""
    held = gate.escrow_hold(escrow.seller)
    if held is not None:
        raise ReleaseHeld(held, {"escrow": [held]})


# --- opening (called inside the order's or contract's own transaction) ---------------------------

def open_for_contract(contract, buyer_terms):
    """The escrow of a floor contract, on its floor's terms (inspection days, fees) and the buyer's credit terms.

    The buyer first pays the share ``credit.terms.table.deposit_percent_of`` gives for the floor and the
    buyer's grade (``buyer_terms``, a ``credit.terms.table.GradeTerms`` read now).
    """
    floor = contract.floor
    due = contract.amount_minor + contract.buyer_fee_minor
    deposit = _deposit(due, credit_terms.deposit_percent_of(floor.deposit_percent, buyer_terms))
    return _open(CONTRACT, contract, title=contract.title_zh, goods=contract.amount_minor,
                 buyer_fee=contract.buyer_fee_minor, seller_fee=contract.seller_fee_minor, deposit=deposit,
                 quantity=contract.quantity, unit=contract.unit, inspection_days=floor.inspection_days)


def _deposit(due, percent):
    """The deposit of ``percent`` of ``due``; a deposit of all of it is simply payment in full at once (0)."""
    if not 0 < percent < 100:
        return 0
    return rules.share(due, int(percent * 100), 10_000)


def open_for_order(order):
    """The escrow of a catalog order: paid in full, the platform's order fee taken from the seller's side."""
    seller_fee = rules.share(order.total_minor, current_app.config["ORDER_SELLER_FEE_BP"], 10_000)
    quantity = sum((line.quantity for line in order.lines), Decimal(0))
    units = {line.unit for line in order.lines}
    return _open(ORDER, order, title=order.lines[0].description if order.lines else order.public_id,
                 goods=order.total_minor, buyer_fee=0, seller_fee=seller_fee, deposit=0,
                 quantity=quantity if len(units) == 1 else Decimal(1), unit=units.pop() if len(units) == 1 else "lot",
                 inspection_days=current_app.config["ORDER_INSPECTION_DAYS"])


def _open(payable_type, payable, title, goods, buyer_fee, seller_fee, deposit, quantity, unit, inspection_days):
    escrow = Escrow(payable_type=payable_type, payable_id=payable.id, payable_public_id=payable.public_id,
                    buyer_enterprise_id=payable.buyer_enterprise_id, seller_enterprise_id=payable.seller_enterprise_id,
                    title=title[:300], currency=payable.currency, goods_minor=goods, buyer_fee_minor=buyer_fee,
                    seller_fee_minor=seller_fee, deposit_minor=deposit, quantity=quantity, unit=unit,
                    inspection_days=inspection_days, status=EscrowStatus.AWAITING_PAYMENT)
    db.session.add(escrow)
    db.session.flush()
    db.session.add(EscrowStatusChange(escrow_id=escrow.id, from_status=None, to_status=escrow.status))
    return escrow


# --- reading ------------------------------------------------------------------------------------

def escrow_of(payable_public_id):
    """The escrow of an order or contract (by its public id), or None before it awaits payment."""
    return db.session.scalar(select(Escrow).where(Escrow.payable_public_id == payable_public_id))


def escrow_for(enterprise, public_id):
    """An escrow (by its own or its deal's public id) seen by one of its parties, or by oversight with ``None``.

    :raise NotFound: unless ``enterprise`` is the buyer or the seller.
    """
    escrow = db.session.scalar(select(Escrow).where(or_(Escrow.public_id == public_id,
                                                        Escrow.payable_public_id == public_id)))
    if escrow is None or (enterprise is not None and enterprise.id not in (escrow.buyer_enterprise_id,
                                                                          escrow.seller_enterprise_id)):
        raise NotFound(_("There is no such order or contract to settle."))
    return escrow


def escrows_of(enterprise, status=None):
    statement = select(Escrow).where(or_(Escrow.buyer_enterprise_id == enterprise.id,
                                         Escrow.seller_enterprise_id == enterprise.id))
    if status:
        statement = statement.where(Escrow.status == status)
    return db.session.scalars(statement.order_by(Escrow.id.desc())).all()


def amount_due(escrow, position=None):
    """``(part, amount)`` the buyer is to pay next, or None."""
    position = position or ledger.position_of(escrow)
    return lifecycle.next_part(escrow.status, escrow.deposit_minor, escrow.due_minor, position.captured)


def delivered_quantity(escrow):
    return sum((delivery.quantity for delivery in escrow.deliveries), Decimal(0))


def locked(public_id):
    """The escrow row, locked for the rest of the transaction. :raise NotFound:"""
    escrow = db.session.scalar(lock_for_update(select(Escrow).where(Escrow.public_id == public_id))
                               .execution_options(populate_existing=True))
    if escrow is None:
        raise NotFound(_("There is no such order or contract to settle."))
    return escrow


# --- moving -------------------------------------------------------------------------------------

def take_capture(escrow, payment, actor=None):
    """Book a captured payment into escrow (call with the escrow locked); idempotent per payment.

    A capture that arrives for a deal no longer taking money (cancelled while the card was being
    charged) is booked to the buyer's available balance instead, and the caller refunds it.
    :return: True when it went into escrow, False when it is unowed.
    """
    buyer = escrow.buyer.public_id
    due = amount_due(escrow)
    if due is None or due[1] != payment.amount_minor:
        ledger.book(f"capture:{payment.public_id}", "capture_unowed",
                    postings.capture_unowed(buyer, payment.amount_minor, payment.currency), escrow=escrow,
                    memo=f"payment {payment.public_id} captured after {escrow.status}")
        return False
    _, new = ledger.book(f"capture:{payment.public_id}", ledger.CAPTURE,
                         postings.capture(buyer, payment.amount_minor, payment.currency), escrow=escrow,
                         memo=f"payment {payment.public_id} ({payment.part})")
    if new:
        _move(escrow, EscrowStatus.DEPOSIT_PAID if payment.part == "deposit" else EscrowStatus.PAID, actor)
    return True


def mark_shipped(user, seller, public_id, reference=""):
    """The seller sends the goods (logistics will call this from its pick-up event); only once paid in full."""
    with transaction():
        escrow = _locked_for(seller, public_id)
        if escrow.seller_enterprise_id != seller.id:
            raise Forbidden(_("Only the seller ships the goods."))
        _check_move(escrow, EscrowStatus.SHIPPED)
        escrow.shipped_at = utcnow()
        _move(escrow, EscrowStatus.SHIPPED, user, reference)
    return escrow


def confirm_delivery(user, buyer, public_id, quantity, source="buyer", reference=""):
    """Goods arrived (all or part): opens an inspection window of the escrow's working days for them.

    :raise InvalidInput: for a quantity not above zero or beyond what is still to come.
    """
    with transaction():
        escrow = _locked_for(buyer, public_id)
        if escrow.buyer_enterprise_id != buyer.id:
            raise Forbidden(_("Only the buyer confirms that the goods arrived."))
        if escrow.status not in (EscrowStatus.SHIPPED, EscrowStatus.DELIVERED):
            raise InvalidInput(_("Delivery can be confirmed once the goods are shipped; this deal is “%(status)s”.",
                                 status=status_name(escrow.status)))
        outstanding = escrow.quantity - delivered_quantity(escrow)
        quantity = outstanding if quantity is None else Decimal(str(quantity))
        if not 0 < quantity <= outstanding:
            raise InvalidInput(_("The quantity delivered must be above zero and at most the %(left)s %(unit)s "
                                 "still to come.", left=outstanding.normalize(), unit=escrow.unit),
                               {"quantity": [_("Enter a quantity above zero and at most what is still to come.")]})
        now = utcnow()
        delivery = Delivery(escrow_id=escrow.id, quantity=quantity, source=source, reference=reference[:100],
                            confirmed_by_id=user.id if user else None, delivered_at=now,
                            inspection_ends_at=rules.inspection_ends(now, escrow.inspection_days))
        escrow.deliveries.append(delivery)
        db.session.flush()
        if escrow.status == EscrowStatus.SHIPPED:
            _move(escrow, EscrowStatus.DELIVERED, user)
        record("escrow.delivery_confirmed", actor=user.public_id if user else source,
               enterprise=buyer.public_id, target=escrow.public_id,
               after={"delivery": delivery.public_id, "quantity": str(quantity), "source": source,
                      "inspection_ends_at": delivery.inspection_ends_at.isoformat()})
        emit("escrow.delivered", "escrow", escrow.public_id, escrow.version,
             {"payable": escrow.payable_public_id, "delivery": delivery.public_id, "quantity": str(quantity),
              "source": source, "buyer": escrow.buyer.public_id, "seller": escrow.seller.public_id,
              "inspection_ends_at": delivery.inspection_ends_at.isoformat()})
    return delivery


def accept_delivery(user, buyer, public_id, delivery_public_id):
    """The buyer has inspected and accepts the goods now, releasing their share without waiting."""
    with transaction():
        escrow = _locked_for(buyer, public_id)
        if escrow.buyer_enterprise_id != buyer.id:
            raise Forbidden(_("Only the buyer accepts the goods."))
        delivery = next((d for d in escrow.deliveries if d.public_id == delivery_public_id), None)
        if delivery is None:
            raise NotFound(_("There is no such delivery."))
        return _release(escrow, delivery, user, "accepted by the buyer")


def release_delivery(delivery_public_id, now=None):
    """Release one delivery whose inspection window has passed with no dispute. Safe to call twice."""
    with transaction():
        delivery = db.session.scalar(select(Delivery).where(Delivery.public_id == delivery_public_id))
        if delivery is None:
            raise NotFound(_("There is no such delivery."))
        escrow = locked(delivery.escrow.public_id)
        db.session.refresh(delivery)
        if (now or utcnow()) < delivery.inspection_ends_at:
            raise InvalidInput(_("The inspection window of this delivery is still open."))
        return _release(escrow, delivery, None, "inspection window passed")


def deliveries_due(now=None, limit=100):
    """Public ids of deliveries whose inspection has ended and that are not released yet (for the release job).

    Deliveries to a seller whose releases a sanction holds are left out, so they neither fill the batch nor
    fail each pass; they are due again, with their money still in escrow, once the hold ends.
    """
    rows = db.session.execute(
        select(Delivery.public_id, Escrow.seller_enterprise_id).join(Escrow).where(
            Delivery.released_at.is_(None), Delivery.inspection_ends_at <= (now or utcnow()),
            Escrow.status == EscrowStatus.DELIVERED).order_by(Delivery.inspection_ends_at)
        .execution_options(yield_per=limit))
    held, due = {}, []
    for public_id, seller_id in rows:
        if seller_id not in held:
            held[seller_id] = gate.escrow_hold(db.session.get(Enterprise, seller_id)) is not None
        if not held[seller_id]:
            due.append(public_id)
            if len(due) == limit:
                break
    rows.close()
    return due


def _release(escrow, delivery, user, why):
    """Pay the seller the delivery's cumulative share, less the fee; once per delivery (``released_at``)."""
    if delivery.released_at is not None:
        return delivery
    if escrow.status != EscrowStatus.DELIVERED:
        raise InvalidInput(_("Nothing can be released while this deal is “%(status)s”.",
                             status=status_name(escrow.status)))
    _ensure_not_held(escrow)
    delivered_before = sum((d.quantity for d in escrow.deliveries if d.released_at is not None), Decimal(0))
    position = ledger.position_of(escrow)
    scale = Decimal(1000)  # quantities have at most three decimals; shares are taken on whole thousandths
    gross, fee = rules.release_for_delivery(escrow.due_minor, escrow.fee_minor, int(escrow.quantity * scale),
                                            int((delivered_before + delivery.quantity) * scale), position)
    if gross:
        ledger.book(f"release:{delivery.public_id}", ledger.RELEASE,
                    postings.release(escrow.buyer.public_id, escrow.seller.public_id, gross, fee, escrow.currency),
                    escrow=escrow, memo=f"delivery {delivery.public_id}: {why}")
    delivery.released_at = utcnow()
    record("escrow.released", actor=user.public_id if user else "system", enterprise=escrow.seller.public_id,
           target=escrow.public_id, after={"delivery": delivery.public_id, "gross_minor": gross, "fee_minor": fee,
                                           "net_minor": gross - fee, "why": why})
    emit("escrow.released", "escrow", escrow.public_id, escrow.version + 1,
         {"payable": escrow.payable_public_id, "seller": escrow.seller.public_id, "delivery": delivery.public_id,
          "gross_minor": gross, "fee_minor": fee, "currency": escrow.currency})
    if delivered_quantity(escrow) >= escrow.quantity and all(d.released_at for d in escrow.deliveries):
        _move(escrow, EscrowStatus.RELEASED, user, why)
        escrow.closed_at = utcnow()
    else:
        escrow.version += 1
    return delivery


def cancel(user, enterprise, public_id, reason):
    """Either side calls the deal off before shipment; whatever was paid goes back to the buyer's card."""
    from marketplace.payments import services as payments

    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the deal is cancelled; the other side will read it."),
                           {"reason": [_("Give a reason.")]})
    with transaction():
        escrow = _locked_for(enterprise, public_id)
        _check_move(escrow, EscrowStatus.CANCELLED)
        held = ledger.position_of(escrow).held
        _move(escrow, EscrowStatus.CANCELLED, user, reason, by=enterprise.public_id)
        escrow.closed_at = utcnow()
        refunds = payments.refund(escrow, held, reason) if held else []
    payments.send_refunds_after_commit(refunds)
    return escrow


def freeze(escrow, actor):
    """A dispute opened: nothing is released until it is decided (call with the escrow locked)."""
    _move(escrow, EscrowStatus.DISPUTED, actor)


def settle_dispute(escrow, refund_minor, actor, reason):
    """Decide a frozen escrow (locked by the caller): refund ``refund_minor``, release the rest less its fee.

    :return: the refunds to send once the transaction commits.
    """
    from marketplace.payments import services as payments

    position = ledger.position_of(escrow)
    refund, gross, fee = rules.split(position.held, max(escrow.fee_minor - position.fee_taken, 0), refund_minor)
    if gross:
        _ensure_not_held(escrow)
        ledger.book(f"release:dispute:{escrow.public_id}", ledger.RELEASE,
                    postings.release(escrow.buyer.public_id, escrow.seller.public_id, gross, min(fee, gross),
                                     escrow.currency), escrow=escrow, memo=f"dispute decided: {reason}"[:300])
    for delivery in escrow.deliveries:
        delivery.released_at = delivery.released_at or utcnow()
    _move(escrow, EscrowStatus.RESOLVED, actor, reason)
    escrow.closed_at = utcnow()
    return payments.refund(escrow, refund, reason) if refund else []


def _locked_for(enterprise, public_id):
    escrow_id = escrow_for(enterprise, public_id).public_id
    return locked(escrow_id)


def _check_move(escrow, target):
    try:
        lifecycle.check_move(escrow.status, target)
    except lifecycle.IllegalMove:
        raise InvalidInput(_("This deal cannot go from “%(status)s” to “%(target)s”.",
                             status=status_name(escrow.status), target=status_name(target))) from None


def _move(escrow, target, actor, reason="", by=None):
    """Change the status with its history row, audit record and event, and tell the order or contract.

    ``by`` is the public id of the party whose act moved it (who cancelled), for the event's readers.
    """
    _check_move(escrow, target)
    before = escrow.status
    escrow.status = target
    escrow.version += 1
    db.session.add(EscrowStatusChange(escrow_id=escrow.id, from_status=before, to_status=target, reason=reason,
                                      changed_by_id=actor.id if actor else None))
    record(f"escrow.{target}", actor=actor.public_id if actor else "system", enterprise=escrow.buyer.public_id,
           target=escrow.public_id, before={"status": before},
           after={"status": target, "reason": reason} if reason else {"status": target})
    emit(f"escrow.{target}", "escrow", escrow.public_id, escrow.version,
         {"payable": escrow.payable_public_id, "payable_type": escrow.payable_type, "status": target,
          "buyer": escrow.buyer.public_id, "seller": escrow.seller.public_id} | ({"by": by} if by else {}))
    _tell_payable(escrow, actor, reason)


def _tell_payable(escrow, actor, reason):
    """The order or contract follows its settlement through its own service (never its table directly)."""
    if escrow.payable_type == ORDER:
        from marketplace.orders import services as orders

        orders.settlement_moved(escrow.payable_id, escrow.status, actor, reason)
    else:
        from trading.contracts import services as contracts

        contracts.settlement_moved(escrow.payable_id, escrow.status)
