"""Platform facts from domain events: what the credit file learns from orders, contracts and settlement.

Each event is read once by the "credit-facts" consumer of the outbox (``marketplace.outbox.drain``),
in its own transaction with the facts it makes and the rescoring of the enterprises concerned.
Other domains are read only through their events and service functions, never their tables.
Days are the event's business day in Asia/Shanghai, so handling an event late changes nothing.
"""
import calendar
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import exists, select

from credit.file import services
from credit.file.models import PlatformFact
from credit.grading import services as grading
from marketplace.accounts.models import Enterprise
from marketplace.disputes.rules import Party, outcome_for
from marketplace.escrow import services as escrow_services
from marketplace.extensions import db
from marketplace.i18n import shanghai_day
from marketplace.outbox import drain
from trading.contracts import services as contracts

CONSUMER = "credit-facts"
CONTRACT, ORDER = "contract", "order"


def react(batch_size=100):
    """Handle the events not handled yet. :return: how many were handled."""
    return drain(CONSUMER, tuple(HANDLERS), _handle, batch_size)


def _handle(event):
    """Record the event's facts and rescore whom they concern; an event that already made facts makes none again."""
    if db.session.scalar(select(exists().where(PlatformFact.source_event_id == event.id))):
        return
    concerned = HANDLERS[event.topic](Happening(event))
    for enterprise in {enterprise.id: enterprise for enterprise in concerned if enterprise is not None}.values():
        grading.rescore(enterprise, "fact")


class Happening:
    """One event as the handlers read it: its payload, its business day, and facts recorded from it."""

    def __init__(self, event):
        self.event = event
        self.payload = event.payload or {}
        self.day = shanghai_day(event.created_at)

    def record(self, enterprise, kind, reference, amount_minor=None, currency=None, detail=None, corrects=None):
        return services.record_fact(enterprise, kind, self.day, reference, amount_minor, currency, detail,
                                    source_event_id=self.event.id, corrects=corrects)


def _enterprise(public_id):
    if not public_id:
        return None
    return db.session.scalar(select(Enterprise).where(Enterprise.public_id == public_id))


def _owed(happening, payable_type):
    """A deal awaits payment: the buyer owes its escrow's amount within the terms; a floor contract's
    seller owes delivery by the end of its delivery month."""
    payable = happening.event.aggregate_id
    escrow = escrow_services.escrow_of(payable)
    if escrow is None:
        return ()
    terms = current_app.config["CREDIT_PAYMENT_TERMS_DAYS"]
    happening.record(escrow.buyer, "payment_due", payable, escrow.due_minor, escrow.currency,
                     {"due": (happening.day + timedelta(days=terms)).isoformat(), "type": payable_type})
    if payable_type != CONTRACT:
        return (escrow.buyer,)
    agreed = _last_day_of(contracts.contract_for(None, payable).delivery_month)
    happening.record(escrow.seller, "delivery_due", payable, detail={
        "agreed": agreed.isoformat(), "quantity": str(escrow.quantity), "type": payable_type})
    return escrow.buyer, escrow.seller


def _last_day_of(month):
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, calendar.monthrange(year, number)[1])


def _contract_awaits_payment(happening):
    return _owed(happening, CONTRACT)


def _order_awaits_payment(happening):
    return _owed(happening, ORDER)


def _payment_captured(happening):
    """A part is paid; once the parts cover what is owed a catalog order's seller has its days to deliver."""
    payable = happening.payload.get("payable")
    escrow = escrow_services.escrow_of(payable) if payable else None
    if escrow is None:
        return ()
    happening.record(escrow.buyer, "payment_made", payable, happening.payload.get("amount_minor"),
                     happening.payload.get("currency"), {"part": happening.payload.get("part"),
                                                          "payment": happening.event.aggregate_id})
    if escrow.payable_type != ORDER or not _paid_in_full(escrow.buyer, payable):
        return (escrow.buyer,)
    agreed = happening.day + timedelta(days=current_app.config["CREDIT_ORDER_DELIVERY_DAYS"])
    happening.record(escrow.seller, "delivery_due", payable, detail={
        "agreed": agreed.isoformat(), "quantity": str(escrow.quantity), "type": ORDER})
    return escrow.buyer, escrow.seller


def _paid_in_full(buyer, payable):
    recorded = services.facts_about(buyer, payable, "payment_due", "payment_made")
    owed = sum(fact.amount_minor or 0 for fact in recorded if fact.kind == "payment_due")
    paid = sum(fact.amount_minor or 0 for fact in recorded if fact.kind == "payment_made")
    return owed > 0 and paid >= owed


def _delivered(happening):
    """Goods arrived (all or part); a read of their tags at the gate confirms it by RFID.

    The escrow's move to "delivered" announces itself under the same topic; only the delivery's own
    event (naming the delivery) is a delivery.
    """
    escrow = _escrow_of_delivery(happening)
    if escrow is None:
        return ()
    payable = escrow.payable_public_id
    happening.record(escrow.seller, "delivery_made", payable, detail={
        "quantity": happening.payload.get("quantity"), "delivery": happening.payload.get("delivery"),
        "rfid_confirmed": happening.payload.get("source") == "rfid"})
    return (escrow.seller,)


def _escrow_of_delivery(happening):
    payable, delivery = happening.payload.get("payable"), happening.payload.get("delivery")
    return escrow_services.escrow_of(payable) if payable and delivery else None


def _dispute_opened(happening):
    """Both sides have a dispute on file; only its outcome counts for or against them."""
    buyer, seller = _enterprise(happening.payload.get("buyer")), _enterprise(happening.payload.get("seller"))
    for party, enterprise in ((Party.BUYER, buyer), (Party.SELLER, seller)):
        if enterprise is not None:
            happening.record(enterprise, "dispute_opened", happening.event.aggregate_id,
                             detail={"role": party.value, "payable": happening.payload.get("payable")})
    return buyer, seller


def _dispute_decided(happening):
    """The side the decision went against lost; a split is lost by neither."""
    decision = happening.payload.get("decision")
    concerned = []
    for party in (Party.BUYER, Party.SELLER):
        enterprise = _enterprise(happening.payload.get(party.value))
        outcome = outcome_for(party, decision)
        if enterprise is None or outcome is None:
            continue
        happening.record(enterprise, "dispute_lost" if outcome == "no" else "dispute_won",
                         happening.event.aggregate_id,
                         detail={"role": party.value, "decision": decision, "partly": outcome == "partly"})
        concerned.append(enterprise)
    return concerned


def _cancelled(happening):
    """The party that called the deal off is at fault; what was owed under it is owed no more."""
    payable = happening.payload.get("payable")
    buyer, seller = _enterprise(happening.payload.get("buyer")), _enterprise(happening.payload.get("seller"))
    for enterprise, kind in ((buyer, "payment_due"), (seller, "delivery_due")):
        if enterprise is None:
            continue
        for owed in services.facts_about(enterprise, payable, kind):
            if kind == "payment_due" and _paid_in_full(enterprise, payable):
                continue
            happening.record(enterprise, "withdrawn", payable, detail={"withdraws": kind, "why": "cancelled"},
                             corrects=owed)
    at_fault = _enterprise(happening.payload.get("by"))
    if at_fault is not None:
        happening.record(at_fault, "cancellation_by_fault", payable,
                         detail={"type": happening.payload.get("payable_type")})
    return buyer, seller


def _order_cancelled(happening):
    """An order called off before it awaited payment; once it did, its escrow's cancellation says who."""
    if escrow_services.escrow_of(happening.event.aggregate_id) is not None:
        return ()
    at_fault = _enterprise(happening.payload.get("by"))
    if at_fault is None:
        return ()
    happening.record(at_fault, "cancellation_by_fault", happening.event.aggregate_id, detail={"type": ORDER})
    return (at_fault,)


def _released(happening):
    """Money released to the seller for a delivery is volume settled by both sides (the escrow's move to
    "released" shares the topic and settles nothing more)."""
    escrow = _escrow_of_delivery(happening)
    if escrow is None:
        return ()
    payable = escrow.payable_public_id
    for enterprise, role in ((escrow.seller, "seller"), (escrow.buyer, "buyer")):
        happening.record(enterprise, "settled", payable, happening.payload.get("gross_minor"),
                         happening.payload.get("currency"),
                         {"role": role, "delivery": happening.payload.get("delivery")})
    return escrow.seller, escrow.buyer


def _enterprise_changed(happening):
    """A newly verified enterprise is scored at once, so it carries its neutral starting grade."""
    enterprise = _enterprise(happening.event.aggregate_id)
    if enterprise is None or enterprise.verified_at is None or grading.standing_of(enterprise) is not None:
        return ()
    return (enterprise,)


HANDLERS = {
    "contract.awaiting_payment": _contract_awaits_payment,
    "order.awaiting_payment": _order_awaits_payment,
    "payment.captured": _payment_captured,
    "escrow.delivered": _delivered,
    "dispute.opened": _dispute_opened,
    "dispute.decided": _dispute_decided,
    "escrow.cancelled": _cancelled,
    "order.cancelled": _order_cancelled,
    "escrow.released": _released,
    "enterprise.changed": _enterprise_changed,
}
