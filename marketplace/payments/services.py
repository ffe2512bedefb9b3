"""Paying into escrow and refunding out of it through the gateway, so that no money is lost or made twice.

The gateway honours no idempotency key we can rely on, so our own records carry exactly-once:

1. under the escrow's row lock, a ``Payment`` (or ``Refund``) row and a ``GatewayCall`` are written and
   committed *before* the gateway is called; a second request for the same escrow finds the first
   still pending and is refused;
2. the gateway is called with our public id in the object's metadata;
3. the answer is written under the lock again; money enters the ledger under a key
   (``capture:pay_…``, ``refund:rfd_…``) that can be booked once.

If the process dies or the gateway times out between 2 and 3, the row stays pending (or "unknown");
``recover`` looks the object up by id or metadata and finishes the job, whether called by the
buyer's retry, a webhook or the recovery pass. Webhooks never trust their own ordering: each one
makes us re-read the gateway's current state.
"""
import logging
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.audit.services import record
from marketplace.database import after_commit, in_transaction, transaction, utcnow
from marketplace.errors import DomainError, Forbidden, InvalidInput, NotFound
from marketplace.escrow import services as escrow_services
from marketplace.escrow.lifecycle import CLOSED
from marketplace.extensions import db
from marketplace.i18n import money
from marketplace.ledger import postings
from marketplace.ledger import services as ledger
from marketplace.outbox import emit
from marketplace.payments import gateway as gateways
from marketplace.payments.models import GatewayCall, GatewayCustomer, Payment, Refund, SavedCard

OPEN_PAYMENT = ("pending", "unknown")

log = logging.getLogger(__name__)


class PaymentInProgress(DomainError):
    status = 409


class CardDeclined(DomainError):
    """The card was refused; nothing was charged."""

    status = 402


class GatewayDown(DomainError):
    """The gateway could not be reached or did not answer; the message says whether money may have moved."""

    status = 503


def gateway():
    return gateways.gateway_for(current_app)


# --- cards ------------------------------------------------------------------------------------------

def customer_of(enterprise):
    """The enterprise's customer at the gateway, made on first use."""
    known = db.session.get(GatewayCustomer, enterprise.id)
    if known is not None:
        return known.customer_id
    customer_id = _calling(lambda: gateway().ensure_customer(enterprise.public_id, enterprise.name_zh))
    with transaction() as session:
        session.merge(GatewayCustomer(enterprise_id=enterprise.id, customer_id=customer_id))
    return customer_id


def save_card(user, enterprise, number, exp_month, exp_year, cvc):
    """Register a card with the gateway for the enterprise (embedded and test gateways take card numbers;
    production clients send a payment method made by the gateway's own script instead, see ``save_payment_method``).

    :raise CardDeclined: when the gateway refuses the card.
    """
    number = "".join(ch for ch in str(number) if ch.isdigit())
    if not 12 <= len(number) <= 19:
        raise InvalidInput(_("A card number has 12 to 19 digits."), {"number": [_("Check the card number.")]})
    payment_method = _calling(lambda: gateway().create_payment_method_from_card(number, exp_month, exp_year, cvc))
    return save_payment_method(user, enterprise, payment_method, brand=_brand(number), last4=number[-4:],
                               exp_month=exp_month, exp_year=exp_year)


def save_payment_method(user, enterprise, payment_method, brand="", last4="", exp_month=None, exp_year=None):
    """Attach a gateway payment method to the enterprise's customer and keep it for later payments."""
    customer = customer_of(enterprise)
    _calling(lambda: gateway().attach_payment_method(payment_method, customer))
    with transaction() as session:
        card = session.scalar(select(SavedCard).where(SavedCard.payment_method_id == payment_method))
        if card is None:
            card = SavedCard(enterprise_id=enterprise.id, payment_method_id=payment_method, brand=brand,
                             last4=last4, exp_month=exp_month, exp_year=exp_year)
            session.add(card)
        session.flush()
        record("payments.card_saved", actor=user.public_id, enterprise=enterprise.public_id, target=card.public_id,
               after={"brand": brand, "last4": last4})
    return card


def cards_of(enterprise):
    return db.session.scalars(select(SavedCard).where(SavedCard.enterprise_id == enterprise.id,
                                                      SavedCard.removed.is_(False)).order_by(SavedCard.id)).all()


def _brand(number):
    return {"4": "visa", "5": "mastercard", "3": "amex", "6": "unionpay"}.get(number[0], "card")


# --- paying -----------------------------------------------------------------------------------------

def pay(user, buyer, public_id, amount_minor, card_public_id):
    """Pay the part now due of an order's or contract's escrow with a saved card; returns the Payment.

    :raise NotFound: for a deal the buyer is not party to (or a card not theirs).
    :raise InvalidInput: for an amount other than the one due, or nothing due.
    :raise PaymentInProgress: while another payment of the same deal awaits the gateway.
    :raise CardDeclined: the card was refused (nothing moved; the payment is kept as declined).
    :raise GatewayDown: the gateway was unreachable or silent (the message says what is known).
    """
    escrow = escrow_services.escrow_for(buyer, public_id)
    if escrow.buyer_enterprise_id != buyer.id:
        raise Forbidden(_("Only the buyer pays for an order or contract."))
    card = db.session.scalar(select(SavedCard).where(SavedCard.public_id == card_public_id,
                                                     SavedCard.enterprise_id == buyer.id,
                                                     SavedCard.removed.is_(False)))
    if card is None:
        raise InvalidInput(_("Choose one of your enterprise's saved cards."), {"card": [_("Unknown card.")]})
    for stuck in _open_payments(escrow):
        if not _in_flight(stuck):  # recovering one still being paid would race its request to the gateway
            recover(stuck.public_id)
    customer = customer_of(buyer)
    payment = _start_payment(user, buyer, escrow.public_id, amount_minor, card)
    try:
        intent = call_gateway(payment.public_id, "authorise", lambda key: gateway().authorise(
            payment.amount_minor, payment.currency.lower(), card.payment_method_id, customer,
            {"binhai_payment": payment.public_id, "binhai_escrow": escrow.public_id}, key),
            {"amount": payment.amount_minor, "currency": payment.currency})
    except gateways.CardDeclined as declined:
        _finish(payment.public_id, "declined", code=declined.code, message=declined.message,
                intent_id=declined.intent_id)
        raise CardDeclined(_("The card was declined (%(reason)s). Nothing was charged; try another card.",
                             reason=declined.message or declined.code)) from None
    except gateways.GatewayUnavailable:
        _finish(payment.public_id, "failed", code="gateway_unavailable", message="gateway unreachable")
        raise GatewayDown(_("The payment service cannot be reached just now. Nothing was charged; "
                            "please try again in a few minutes.")) from None
    except gateways.GatewayTimeout:
        _finish(payment.public_id, "unknown", code="gateway_timeout", message="no answer from the gateway")
        raise GatewayDown(_("The payment service did not answer in time. We are checking with it and will "
                            "never charge twice; look at this page again in a minute.")) from None
    except gateways.GatewayRejected as rejected:
        _finish(payment.public_id, "failed", code="gateway_rejected", message=str(rejected))
        raise InvalidInput(_("The payment service refused this payment (%(reason)s); nothing was charged.",
                             reason=str(rejected))) from None
    _settle_intent(payment.public_id, intent)
    return db.session.get(Payment, payment.id)


def _in_flight(payment):
    """Pending for less than the recovery delay: the request paying it may still be at the gateway."""
    delay = timedelta(seconds=current_app.config["GATEWAY_RECOVERY_AFTER_SECONDS"])
    return payment.status == "pending" and payment.updated_at > utcnow() - delay


def _open_payments(escrow):
    return db.session.scalars(select(Payment).where(Payment.escrow_id == escrow.id,
                                                    Payment.status.in_(OPEN_PAYMENT))).all()


def _start_payment(user, buyer, escrow_public_id, amount_minor, card):
    """Write the payment before the gateway is called (step 1), under the escrow's lock."""
    with transaction() as session:
        escrow = escrow_services.locked(escrow_public_id)
        if _open_payments(escrow):
            raise PaymentInProgress(_("A payment for this deal is already in progress; wait for its result."))
        due = escrow_services.amount_due(escrow)
        if due is None:
            raise InvalidInput(_("Nothing is due on this deal now."))
        part, amount = due
        if amount_minor != amount:
            raise InvalidInput(_("The amount due now is %(due)s; the payment was for %(sent)s.",
                                 due=money(amount, escrow.currency), sent=money(amount_minor, escrow.currency)),
                               {"amount_minor": [_("Pay exactly the amount due.")]})
        payment = Payment(escrow_id=escrow.id, payer_enterprise_id=buyer.id, part=part, amount_minor=amount,
                          currency=escrow.currency, payment_method_id=card.payment_method_id,
                          card_brand=card.brand, card_last4=card.last4, created_by_id=user.id)
        session.add(payment)
        session.flush()
        record("payments.payment_started", actor=user.public_id, enterprise=buyer.public_id,
               target=payment.public_id, after={"escrow": escrow.public_id, "part": part, "amount_minor": amount,
                                                "currency": escrow.currency})
    return payment


def _finish(payment_public_id, status, code=None, message=None, intent_id=None):
    with transaction():
        payment, _ = _payment_locked(payment_public_id)
        if payment.status not in OPEN_PAYMENT:
            return payment
        payment.status = status
        payment.failure_code, payment.failure_message = code, message
        payment.intent_id = payment.intent_id or intent_id
        record(f"payments.payment_{status}", enterprise=payment.payer.public_id, target=payment.public_id,
               after={"code": code, "message": message})
    return payment


def _payment_locked(payment_public_id):
    """``(payment, escrow)``, the escrow locked first (the one lock order of every money change)."""
    payment = db.session.scalar(select(Payment).where(Payment.public_id == payment_public_id))
    if payment is None:
        raise NotFound(_("There is no such payment."))
    escrow = escrow_services.locked(_escrow_public_id(payment))
    db.session.refresh(payment)
    return payment, escrow


def _escrow_public_id(payment):
    from marketplace.escrow.models import Escrow

    return db.session.get(Escrow, payment.escrow_id).public_id


def _settle_intent(payment_public_id, intent):
    """Take an authorised intent to its end: capture it (or cancel it if the deal no longer takes money),
    then book the capture. Reads the intent's current status, so any caller, in any order, converges."""
    if intent.status == "requires_capture":
        payment = db.session.scalar(select(Payment).where(Payment.public_id == payment_public_id))
        with transaction():
            db.session.get(Payment, payment.id).intent_id = intent.id
        try:
            intent = call_gateway(payment_public_id, "capture",
                                  lambda key: gateway().capture(intent.id, intent.amount, key), {"intent": intent.id})
        except gateways.GatewayTimeout:
            _finish(payment_public_id, "unknown", code="gateway_timeout", message="capture not answered")
            raise GatewayDown(_("The payment service did not answer in time. We are checking with it and will "
                                "never charge twice; look at this page again in a minute.")) from None
        except gateways.GatewayUnavailable:
            raise GatewayDown(_("The payment service cannot be reached just now; the payment is authorised "
                                "and will be completed when it is back.")) from None
        except gateways.GatewayRejected:
            # Refused when another caller (a second click's recovery, a webhook) captured or cancelled it first.
            current = _intent_now(intent.id)
            if current.status == "requires_capture":
                raise
            intent = current
    if intent.status == "succeeded":
        _book_capture(payment_public_id, intent)
    elif intent.status in ("canceled", "requires_payment_method"):
        _finish(payment_public_id, "declined" if intent.failure_code else "cancelled", code=intent.failure_code,
                message=intent.failure_message, intent_id=intent.id)
        if intent.failure_code:
            raise CardDeclined(_("The card was declined (%(reason)s). Nothing was charged; try another card.",
                                 reason=intent.failure_message or intent.failure_code))


def _intent_now(intent_id):
    try:
        return gateway().retrieve_intent(intent_id)
    except (gateways.GatewayUnavailable, gateways.GatewayTimeout):
        raise GatewayDown(_("The payment service cannot be reached just now; the payment is authorised "
                            "and will be completed when it is back.")) from None


def _book_capture(payment_public_id, intent):
    """Step 3: the captured money enters escrow (or, for a deal cancelled meanwhile, goes straight back)."""
    refunds = []
    with transaction():
        payment, escrow = _payment_locked(payment_public_id)
        if payment.status == "captured":
            return payment
        payment.status, payment.intent_id = "captured", intent.id
        payment.charge_id, payment.captured_at = intent.latest_charge, utcnow()
        payment.failure_code = payment.failure_message = None
        owed = escrow_services.take_capture(escrow, payment)
        record("payments.payment_captured", enterprise=payment.payer.public_id, target=payment.public_id,
               after={"escrow": escrow.public_id, "amount_minor": payment.amount_minor, "intent": intent.id,
                      "into": "escrow" if owed else "available"})
        emit("payment.captured", "payment", payment.public_id, 1,
             {"escrow": escrow.public_id, "payable": escrow.payable_public_id, "part": payment.part,
              "amount_minor": payment.amount_minor, "currency": payment.currency})
        if not owed:
            refunds = refund(escrow, payment.amount_minor, "captured after the deal was closed",
                             source=postings.AccountKind.AVAILABLE, payments=[payment])
    send_refunds_after_commit(refunds)
    return payment


# --- refunds ----------------------------------------------------------------------------------------

def refund(escrow, amount_minor, reason, source=postings.AccountKind.IN_ESCROW, payments=None):
    """Plan refunds of ``amount_minor`` over the escrow's captured payments, newest first (escrow locked).

    Only rows are written here; ``send_refunds_after_commit`` calls the gateway once they are committed.
    """
    planned, left = [], amount_minor
    captured = payments or db.session.scalars(select(Payment).where(
        Payment.escrow_id == escrow.id, Payment.status == "captured").order_by(Payment.id.desc())).all()
    for payment in captured:
        already = sum(r.amount_minor for r in db.session.scalars(select(Refund).where(
            Refund.payment_id == payment.id, Refund.status != "failed")))
        take = min(left, payment.amount_minor - already)
        if take <= 0:
            continue
        row = Refund(escrow_id=escrow.id, payment_id=payment.id, amount_minor=take, currency=payment.currency,
                     reason=reason[:300], source_account=source)
        db.session.add(row)
        planned.append(row)
        left -= take
        if not left:
            break
    if left:
        raise InvalidInput(_("Only what was paid can be refunded."))
    db.session.flush()
    for row in planned:
        record("payments.refund_planned", enterprise=escrow.buyer.public_id, target=row.public_id,
               after={"escrow": escrow.public_id, "amount_minor": row.amount_minor, "reason": reason})
    return [row.public_id for row in planned]


def send_refunds_after_commit(refund_ids):
    for refund_id in refund_ids:
        after_commit(lambda refund_id=refund_id: send_refund(refund_id))


def send_refund(refund_public_id):
    """Ask the gateway to return a planned refund, once: an earlier attempt is found by its metadata first."""
    row = db.session.scalar(select(Refund).where(Refund.public_id == refund_public_id))
    if row is None or row.status != "pending":
        return row
    intent_id = row.payment.intent_id
    try:
        found = next((r for r in gateway().refunds_of(intent_id)
                      if r.metadata.get("binhai_refund") == row.public_id), None)
        result = found or call_gateway(row.public_id, "refund", lambda key: gateway().refund(
            intent_id, row.amount_minor, {"binhai_refund": row.public_id}, key), {"amount": row.amount_minor})
    except (gateways.GatewayUnavailable, gateways.GatewayTimeout):
        return row  # stays pending: the recovery pass sends it again, after looking for it first
    except gateways.GatewayRejected as rejected:
        with transaction():
            locked_row, _ = _refund_locked(refund_public_id)
            locked_row.status, locked_row.failure_message = "failed", str(rejected)
            record("payments.refund_failed", target=locked_row.public_id, after={"message": str(rejected)})
        return row
    return _book_refund(refund_public_id, result)


def _refund_locked(refund_public_id):
    """``(refund, escrow)``, the escrow locked first."""
    row = db.session.scalar(select(Refund).where(Refund.public_id == refund_public_id))
    escrow = escrow_services.locked(_escrow_public_id(row.payment))
    db.session.refresh(row)
    return row, escrow


def _book_refund(refund_public_id, result):
    with transaction():
        row, escrow = _refund_locked(refund_public_id)
        if row.status == "succeeded":
            return row
        ledger.book(f"refund:{row.public_id}", ledger.REFUND,
                    postings.refund(escrow.buyer.public_id, row.amount_minor, row.currency,
                                    source=postings.AccountKind(row.source_account)),
                    escrow=escrow, memo=row.reason)
        row.status, row.gateway_refund_id, row.succeeded_at = "succeeded", result.id, utcnow()
        record("payments.refunded", enterprise=escrow.buyer.public_id, target=row.public_id,
               after={"amount_minor": row.amount_minor, "gateway_refund": result.id})
        emit("payment.refunded", "refund", row.public_id, 1,
             {"escrow": escrow.public_id, "payable": escrow.payable_public_id, "amount_minor": row.amount_minor,
              "currency": row.currency})
    return row


# --- recovery ----------------------------------------------------------------------------------------

def recover(payment_public_id):
    """Finish a payment whose gateway answer was lost, from what the gateway says now. Safe to repeat.

    :raise GatewayDown: when the gateway cannot be asked (the payment stays open for the next try).
    """
    payment = db.session.scalar(select(Payment).where(Payment.public_id == payment_public_id))
    if payment is None or payment.status not in OPEN_PAYMENT + ("captured",):
        return payment
    try:
        intent = (gateway().retrieve_intent(payment.intent_id) if payment.intent_id
                  else gateway().find_intent_by_metadata("binhai_payment", payment.public_id))
    except (gateways.GatewayUnavailable, gateways.GatewayTimeout):
        raise GatewayDown(_("The payment service cannot be reached just now; please try again in a few "
                            "minutes.")) from None
    if intent is None:
        return _finish(payment_public_id, "failed", code="not_at_gateway",
                       message="the gateway never received the payment")
    if payment.status == "captured":
        return payment
    if intent.status == "requires_capture" and _escrow_closed(payment):
        call_gateway(payment.public_id, "cancel", lambda key: gateway().cancel(intent.id, key), {"intent": intent.id})
        return _finish(payment_public_id, "cancelled", message="deal closed before the capture", intent_id=intent.id)
    try:
        _settle_intent(payment_public_id, intent)
    except CardDeclined:
        pass
    return db.session.scalar(select(Payment).where(Payment.public_id == payment_public_id))


def _escrow_closed(payment):
    from marketplace.escrow.models import Escrow

    return db.session.get(Escrow, payment.escrow_id).status in CLOSED


def recover_stuck(now=None):
    """One pass of the recovery job: open payments and pending refunds older than the configured delay.

    :return: how many it looked at.
    """
    before = (now or utcnow()) - timedelta(seconds=current_app.config["GATEWAY_RECOVERY_AFTER_SECONDS"])
    payments = db.session.scalars(select(Payment.public_id).where(Payment.status.in_(OPEN_PAYMENT),
                                                                  Payment.updated_at <= before)).all()
    refunds = db.session.scalars(select(Refund.public_id).where(Refund.status == "pending",
                                                                Refund.created_at <= before)).all()
    for payment_id in payments:
        try:
            recover(payment_id)
        except GatewayDown:
            return len(payments)
        except (gateways.GatewayError, DomainError):
            # One payment the gateway refuses to finish must not hold up the others; it stays open and logged.
            log.exception("payment %s could not be recovered", payment_id)
            db.session.rollback()
    for refund_id in refunds:
        send_refund(refund_id)
    return len(payments) + len(refunds)


# --- the trail of gateway calls ---------------------------------------------------------------------

def call_gateway(subject, operation, send, request):
    """Call the gateway with a journal row written before and completed after (its own transactions).

    :raise RuntimeError: inside an open transaction, where the journal row could not commit first.
    """
    if in_transaction():
        raise RuntimeError(f"the gateway call {operation} of {subject} must not run inside a transaction")
    key = f"{subject}:{operation}"
    with transaction() as session:
        call = GatewayCall(operation=operation, subject=subject, idempotency_key=key, request=request)
        session.add(call)
    outcome, object_id = "ok", None
    try:
        result = send(key)
        object_id = getattr(result, "id", None)
        return result
    except gateways.CardDeclined:
        outcome = "declined"
        raise
    except gateways.GatewayTimeout:
        outcome = "timeout"
        raise
    except gateways.GatewayUnavailable:
        outcome = "unavailable"
        raise
    except gateways.GatewayError:
        outcome = "rejected"
        raise
    finally:
        with transaction() as session:
            call = session.get(GatewayCall, call.id)
            call.outcome, call.gateway_object_id, call.finished_at = outcome, object_id, utcnow()


def _calling(send):
    """Card and customer calls: a decline or an outage becomes a clear message; nothing is booked."""
    try:
        return send()
    except gateways.CardDeclined as declined:
        raise CardDeclined(_("The card was declined (%(reason)s).", reason=declined.message or declined.code),
                           {"number": [_("This card was declined.")]}) from None
    except (gateways.GatewayUnavailable, gateways.GatewayTimeout):
        raise GatewayDown(_("The payment service cannot be reached just now; please try again in a few "
                            "minutes.")) from None
