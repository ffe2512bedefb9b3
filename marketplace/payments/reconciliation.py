"""Our books against the gateway's: every captured PaymentIntent and every refund, both ways.

``compare`` is pure (plain records in, differences out), so its rules are property-tested;
``reconcile`` gathers the records (our side first, then the gateway's, so a payment finishing
meanwhile shows as captured and not yet booked, which is what it is) and keeps the run.
Captures are booked under ``capture:<payment id>``, refunds under ``refund:<refund id>``.
"""
import enum
from dataclasses import asdict, dataclass

from flask import current_app
from sqlalchemy import case, func, select

from marketplace.audit.services import record
from marketplace.database import transaction, utcnow
from marketplace.extensions import db
from marketplace.ledger.models import LedgerEntry, LedgerTransaction
from marketplace.payments import gateway as gateways
from marketplace.payments.models import Payment, ReconciliationRun, Refund

MOVED_REFUNDS = frozenset({"succeeded", "pending"})  # a refund in these states has left (or is leaving) the gateway
RECENT_RUNS = 10


class DifferenceKind(enum.StrEnum):
    CAPTURED_NOT_BOOKED = "captured_not_booked"
    BOOKED_NOT_CAPTURED = "booked_not_captured"
    CAPTURE_AMOUNT_DIFFERS = "capture_amount_differs"
    REFUND_NOT_BOOKED = "refund_not_booked"
    REFUND_NOT_AT_GATEWAY = "refund_not_at_gateway"
    REFUND_AMOUNT_DIFFERS = "refund_amount_differs"
    UNKNOWN_PAYMENT = "unknown_payment"


@dataclass(frozen=True)
class GatewayIntent:
    id: str
    status: str
    captured: int  # what the gateway took (0 until captured)
    currency: str
    payment: str | None  # our payment's public id from the metadata, if tagged


@dataclass(frozen=True)
class GatewayRefund:
    id: str
    intent: str
    amount: int
    currency: str
    status: str
    refund: str | None  # our refund's public id from the metadata, if tagged


@dataclass(frozen=True)
class BookedPayment:
    id: str  # public id
    intent: str | None
    currency: str
    booked: int | None  # the amount booked under capture:<id>, None when nothing is


@dataclass(frozen=True)
class BookedRefund:
    id: str
    gateway_refund: str | None
    currency: str
    booked: int | None  # the amount booked under refund:<id>, None when nothing is


@dataclass(frozen=True)
class Difference:
    kind: DifferenceKind
    ours: str | None  # our public id (payment or refund)
    gateway: str | None  # the gateway's object id
    currency: str
    booked: int | None = None
    at_gateway: int | None = None

    def line(self):
        """One line for the command and the log (the pages name the kind in the reader's language)."""
        amounts = f"booked {_amount(self.booked)}, at the gateway {_amount(self.at_gateway)} {self.currency}"
        return f"{self.kind.value}: ours {self.ours or '-'}, gateway {self.gateway or '-'}: {amounts}"

    def as_record(self):
        return {**asdict(self), "kind": self.kind.value}

    @classmethod
    def from_record(cls, data):
        return cls(**{**data, "kind": DifferenceKind(data["kind"])})


def _amount(minor):
    return "nothing" if minor is None else str(minor)


def compare(intents, gateway_refunds, payments, refunds):
    """Every difference between the gateway's intents and refunds and our booked payments and refunds.

    An intent is ours when one of our payments names it or its metadata names one of them; an
    intent tagged with a payment we do not know is a difference of its own. Untagged intents of
    others sharing the gateway account are not ours and not looked at.
    """
    differences = []
    by_id = {payment.id: payment for payment in payments}
    by_intent = {payment.intent: payment for payment in payments if payment.intent}
    seen_payments, our_intents = set(), set()
    for intent in intents:
        payment = by_intent.get(intent.id) or by_id.get(intent.payment)
        captured = intent.captured if intent.status == "succeeded" else 0
        if payment is None:
            if intent.payment is not None:
                differences.append(Difference(DifferenceKind.UNKNOWN_PAYMENT, intent.payment, intent.id,
                                              intent.currency, at_gateway=captured))
            continue
        seen_payments.add(payment.id)
        our_intents.add(intent.id)
        kind = _capture_difference(payment, intent, captured)
        if kind is not None:
            differences.append(Difference(kind, payment.id, intent.id, intent.currency, payment.booked, captured))
    differences += [Difference(DifferenceKind.BOOKED_NOT_CAPTURED, payment.id, payment.intent, payment.currency,
                               payment.booked, 0)
                    for payment in payments if payment.booked is not None and payment.id not in seen_payments]
    return differences + _refund_differences(gateway_refunds, refunds, our_intents)


def _capture_difference(payment, intent, captured):
    if payment.booked is None:
        return DifferenceKind.CAPTURED_NOT_BOOKED if captured else None
    if not captured:
        return DifferenceKind.BOOKED_NOT_CAPTURED
    if payment.booked != captured or payment.currency != intent.currency:
        return DifferenceKind.CAPTURE_AMOUNT_DIFFERS
    return None


def _refund_differences(gateway_refunds, refunds, our_intents):
    differences = []
    by_id = {refund.id: refund for refund in refunds}
    by_gateway_id = {refund.gateway_refund: refund for refund in refunds if refund.gateway_refund}
    seen = set()
    for at_gateway in gateway_refunds:
        if at_gateway.status not in MOVED_REFUNDS:
            continue
        ours = by_gateway_id.get(at_gateway.id) or by_id.get(at_gateway.refund)
        if ours is None and at_gateway.refund is None and at_gateway.intent not in our_intents:
            continue
        if ours is not None:
            seen.add(ours.id)
        if ours is None or ours.booked is None:
            differences.append(Difference(DifferenceKind.REFUND_NOT_BOOKED, ours.id if ours else at_gateway.refund,
                                          at_gateway.id, at_gateway.currency, None, at_gateway.amount))
        elif ours.booked != at_gateway.amount or ours.currency != at_gateway.currency:
            differences.append(Difference(DifferenceKind.REFUND_AMOUNT_DIFFERS, ours.id, at_gateway.id,
                                          at_gateway.currency, ours.booked, at_gateway.amount))
    differences += [Difference(DifferenceKind.REFUND_NOT_AT_GATEWAY, refund.id, refund.gateway_refund,
                               refund.currency, refund.booked, 0)
                    for refund in refunds if refund.booked is not None and refund.id not in seen]
    return differences


# --- gathering and keeping runs -------------------------------------------------------------------

def reconcile(gateway=None):
    """Compare the books with the gateway now and keep the run (with ``error`` set when the gateway failed).

    :return: the ReconciliationRun.
    """
    started = utcnow()
    payments, refunds = _booked_payments(), _booked_refunds()
    gateway = gateway or gateways.gateway_for(current_app)
    try:
        intents = [_gateway_intent(intent) for intent in gateway.list_intents()]
        ours = {payment.intent for payment in payments if payment.intent}
        gateway_refunds = [_gateway_refund(intent.id, refund) for intent in intents
                           if intent.status == "succeeded" and (intent.id in ours or intent.payment)
                           for refund in gateway.refunds_of(intent.id)]
    except gateways.GatewayError as error:
        return _keep(started, 0, [], f"the gateway could not be read: {error}")
    return _keep(started, len(intents), compare(intents, gateway_refunds, payments, refunds), None)


def _keep(started, checked, differences, error):
    with transaction() as session:
        run = ReconciliationRun(started_at=started, finished_at=utcnow(), intents_checked=checked,
                                differences=[difference.as_record() for difference in differences], error=error)
        session.add(run)
        session.flush()
        record("payments.reconciled", target=run.public_id,
               after={"intents_checked": checked, "differences": len(differences), "error": error})
    return run


def recent_runs(limit=RECENT_RUNS):
    return db.session.scalars(select(ReconciliationRun).order_by(ReconciliationRun.id.desc()).limit(limit)).all()


def differences_of(run):
    return [Difference.from_record(data) for data in run.differences]


def _gateway_intent(intent):
    return GatewayIntent(intent.id, intent.status, intent.amount_captured, intent.currency,
                         intent.metadata.get("binhai_payment"))


def _gateway_refund(intent_id, refund):
    return GatewayRefund(refund.id, intent_id, refund.amount, refund.currency, refund.status,
                         refund.metadata.get("binhai_refund"))


def _booked_amounts(prefix):
    """``{key suffix: (currency, amount)}`` of the transactions booked under ``prefix:…``.

    A capture or a refund moves one amount between two accounts, so its debits add up to it.
    """
    debit = func.sum(case((LedgerEntry.amount_minor > 0, LedgerEntry.amount_minor), else_=0))
    rows = db.session.execute(
        select(LedgerTransaction.key, LedgerEntry.currency, debit)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(LedgerTransaction.key.startswith(f"{prefix}:"))
        .group_by(LedgerTransaction.key, LedgerEntry.currency)).all()
    return {key.removeprefix(f"{prefix}:"): (currency, int(total)) for key, currency, total in rows}


def _booked_payments():
    booked = _booked_amounts("capture")
    return [BookedPayment(public_id, intent_id, *booked.get(public_id, (currency, None)))
            for public_id, intent_id, currency in db.session.execute(
                select(Payment.public_id, Payment.intent_id, Payment.currency).order_by(Payment.id))]


def _booked_refunds():
    booked = _booked_amounts("refund")
    return [BookedRefund(public_id, gateway_refund_id, *booked.get(public_id, (currency, None)))
            for public_id, gateway_refund_id, currency in db.session.execute(
                select(Refund.public_id, Refund.gateway_refund_id, Refund.currency).order_by(Refund.id))]
