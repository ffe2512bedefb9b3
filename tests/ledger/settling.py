"""Helpers of the webhook, fault and recovery tests: a signed gateway event, a payment whose process "dies"
after the gateway took the money, a gateway swapped for a faulty one, and the check that the money adds up.
"""
import json
import time
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.payments import reconciliation
from marketplace.payments import services as payments
from marketplace.payments.gateway import Gateway
from marketplace.payments.models import Payment
from marketplace.payments.signatures import sign
from tests.builders import owner_of

WEBHOOK = "/payments/gateway-webhook"
SECRET = "whsec_test_secret"  # the test app's STRIPE_WEBHOOK_SECRET


class ProcessDied(Exception):
    """Stands for the process being killed at that point: nothing after it runs."""


def deliver(client, event, secret=SECRET, signed_at=None, header=None):
    """POST ``event`` to the webhook as the gateway does: raw JSON, signed with ``secret`` at ``signed_at``
    (or with the ``Stripe-Signature`` ``header`` given; ``""`` sends none)."""
    payload = json.dumps(event).encode()
    if header is None:
        header = sign(payload, secret, signed_at if signed_at is not None else int(time.time()))
    headers = {"Stripe-Signature": header} if header else {}
    return client.post(WEBHOOK, data=payload, headers={**headers, "Content-Type": "application/json; charset=utf-8"})


def intent_event(event_type, payment, status, event_id=None):
    """A ``payment_intent.*`` event about ``payment``'s intent as the gateway would send it."""
    return event(event_type, {"id": payment.intent_id, "object": "payment_intent", "status": status,
                              "amount": payment.amount_minor, "currency": payment.currency.lower(),
                              "metadata": {"binhai_payment": payment.public_id}}, event_id)


def event(event_type, data, event_id=None):
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:24]}", "object": "event", "type": event_type,
            "created": int(time.time()), "api_version": "2017-08-15", "data": {"object": data}}


def due_now(buyer, public_id):
    return escrow.amount_due(escrow.escrow_for(buyer, public_id))[1]


def pay(buyer, public_id, card):
    """Pay the part due now with ``card``."""
    return payments.pay(owner_of(buyer), buyer, public_id, due_now(buyer, public_id), card.public_id)


def die(*args, **kwargs):
    raise ProcessDied


def pay_and_die_before_booking(monkeypatch, buyer, public_id, card):
    """Pay the part due; the gateway captures it and the process dies before the ledger is written.

    :return: the payment, still pending, its intent captured at the gateway.
    """
    with monkeypatch.context() as patched:
        patched.setattr(payments, "_book_capture", die)
        with pytest.raises(ProcessDied):
            pay(buyer, public_id, card)
    db.session.rollback()
    return db.session.scalars(select(Payment).order_by(Payment.id.desc())).first()


@contextmanager
def gateway_at(app, base, timeout=1):
    """The app talks to the gateway at ``base`` inside the block, and to the one it had before after it."""
    before = app.extensions.get("payment_gateway")
    app.extensions["payment_gateway"] = Gateway("sk_test_embedded", base, timeout=timeout)
    try:
        yield
    finally:
        app.extensions["payment_gateway"] = before
        if before is None:
            app.extensions.pop("payment_gateway")


def captured_by_gateway(payments_of):
    """What the gateway holds for these payments: captured less refunded, in minor units."""
    gateway = payments.gateway()
    ours = {p.intent_id for p in payments_of if p.intent_id} | {p.public_id for p in payments_of}
    intents = [i for i in gateway.list_intents() if i.id in ours or i.metadata.get("binhai_payment") in ours]
    refunded = sum(refund.amount for intent in intents if intent.status == "succeeded"
                   for refund in gateway.refunds_of(intent.id))
    return sum(intent.amount_captured for intent in intents) - refunded


def assert_money_consistent(buyer, released=0):
    """The books hold, agree with the gateway, and the buyer's money at the platform is what the gateway kept.

    ``released``: what has left the buyer's escrow for sellers (so is no longer the buyer's).
    """
    db.session.rollback()
    assert ledger.verify() == []
    run = reconciliation.reconcile()
    assert (run.error, run.differences) == (None, [])
    made = db.session.scalars(select(Payment).where(Payment.payer_enterprise_id == buyer.id)).all()
    balances = ledger.balances_of(buyer)
    held = balances.get(("in_escrow", "CNY"), 0) + balances.get(("available", "CNY"), 0)
    assert held + released == captured_by_gateway(made)
