"""Faults of issue 5, each ending with the money consistent: the books hold, agree with the gateway, and the
buyer's money at the platform is what the gateway kept.

The process dying between the gateway call and the ledger write, a webhook delivered twice, two releases at
the same moment, a gateway that times out and one that is down, two payments of one deal at once.
"""
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Enterprise
from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.ledger.models import LedgerTransaction
from marketplace.payments import gateway as gateways
from marketplace.payments import services as payments
from marketplace.payments.models import GatewayCall, Payment
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.ledger.settling import (
    ProcessDied,
    assert_money_consistent,
    deliver,
    die,
    due_now,
    gateway_at,
    intent_event,
    pay,
    pay_and_die_before_booking,
)
from tests.settlement.fixtures import deliver_all, order_awaiting_payment, pay_in_full, saved_card

LATER = timedelta(minutes=5)  # past GATEWAY_RECOVERY_AFTER_SECONDS, when the recovery pass looks


@pytest.fixture
def card(buyer):
    return saved_card(buyer)


def booked(prefix):
    db.session.rollback()
    return db.session.scalars(select(LedgerTransaction.key).where(LedgerTransaction.key.startswith(prefix))).all()


def payments_of(buyer):
    db.session.rollback()
    return db.session.scalars(select(Payment).where(Payment.payer_enterprise_id == buyer.id)
                              .order_by(Payment.id)).all()


# --- (a) the process dies between the gateway call and the ledger write ---------------------------

def test_a_capture_the_process_never_booked_is_booked_once_by_the_recovery_pass(monkeypatch, steel_deal, buyer,
                                                                                 card):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)
    assert (stuck.status, booked("capture:")) == ("pending", [])
    assert payments.gateway().retrieve_intent(stuck.intent_id).status == "succeeded"

    payments.recover_stuck(now=utcnow() + LATER)
    payments.recover_stuck(now=utcnow() + LATER)

    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert payments_of(buyer)[0].status == "captured"
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "deposit_paid"
    assert_money_consistent(buyer)


def test_the_buyers_retry_waits_for_the_lost_capture_then_books_it_instead_of_charging_again(
        app, monkeypatch, ctx, buyer, seller, rebar, card):
    order = order_awaiting_payment(buyer, seller, rebar)
    amount = due_now(buyer, order.public_id)
    stuck = pay_and_die_before_booking(monkeypatch, buyer, order.public_id, card)

    with pytest.raises(payments.PaymentInProgress):  # for all it knows, its request is still at the gateway
        payments.pay(owner_of(buyer), buyer, order.public_id, amount, card.public_id)
    monkeypatch.setitem(app.config, "GATEWAY_RECOVERY_AFTER_SECONDS", 0)  # the recovery delay has passed
    with pytest.raises(InvalidInput, match="Nothing is due"):
        payments.pay(owner_of(buyer), buyer, order.public_id, amount, card.public_id)

    assert [p.status for p in payments_of(buyer)] == ["captured"]
    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert ledger.balances_of(buyer)[("in_escrow", "CNY")] == amount
    assert_money_consistent(buyer)


def test_an_authorisation_the_process_never_captured_is_found_by_its_tag_and_finished(monkeypatch, steel_deal,
                                                                                      buyer, card):
    """Killed before even the intent's id was written: only the metadata leads back to it."""
    with monkeypatch.context() as patched:
        patched.setattr(payments, "_settle_intent", die)
        with pytest.raises(ProcessDied):
            pay(buyer, steel_deal.public_id, card)
    [stuck] = payments_of(buyer)
    assert (stuck.status, stuck.intent_id) == ("pending", None)

    payments.recover_stuck(now=utcnow() + LATER)

    [recovered] = payments_of(buyer)
    assert recovered.status == "captured" and recovered.intent_id
    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


# --- (b) a webhook arrives twice -----------------------------------------------------------------

def test_a_webhook_delivered_twice_and_a_recovery_pass_book_the_capture_once(monkeypatch, client, steel_deal, buyer,
                                                                             card):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)
    succeeded = intent_event("payment_intent.succeeded", stuck, "succeeded")

    answers = [deliver(client, succeeded), deliver(client, succeeded)]
    payments.recover_stuck(now=utcnow() + LATER)

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[1].json["outcome"] == "already processed"
    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


# --- (c) two release requests at the same moment ---------------------------------------------------

@pytest.fixture
def delivered(steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    return deliver_all(buyer, seller, steel_deal.public_id)


def assert_released_once(steel_deal, buyer, seller):
    deal = escrow.escrow_for(seller, steel_deal.public_id)
    assert deal.status == "released"
    assert booked("release:") == [f"release:{deal.deliveries[0].public_id}"]
    assert ledger.balances_of(seller)[("payable", "CNY")] == deal.due_minor - deal.fee_minor
    assert_money_consistent(buyer, released=deal.due_minor)


def test_the_buyers_acceptance_and_the_release_job_one_after_the_other_release_once(steel_deal, buyer, seller,
                                                                                     delivered):
    escrow.accept_delivery(owner_of(buyer), buyer, steel_deal.public_id, delivered.public_id)
    escrow.release_delivery(delivered.public_id, now=delivered.inspection_ends_at + timedelta(seconds=1))
    escrow.accept_delivery(owner_of(buyer), buyer, steel_deal.public_id, delivered.public_id)

    assert_released_once(steel_deal, buyer, seller)


@pytest.mark.postgres_only
def test_the_buyers_acceptance_and_the_release_job_at_the_same_moment_release_once(app, steel_deal, buyer, seller,
                                                                                   delivered):
    buyer_id, deal_id, delivery_id = buyer.public_id, steel_deal.public_id, delivered.public_id
    after_window = delivered.inspection_ends_at + timedelta(seconds=1)
    db.session.commit()

    def release(number):
        if number % 2:
            return escrow.release_delivery(delivery_id, now=after_window).public_id
        accepting = db.session.scalar(select(Enterprise).where(Enterprise.public_id == buyer_id))
        return escrow.accept_delivery(owner_of(accepting), accepting, deal_id, delivery_id).public_id

    assert all_at_once(app, 4, release) == [delivery_id] * 4
    assert_released_once(steel_deal, buyer, seller)


# --- (d) the gateway times out -----------------------------------------------------------------------

def test_a_gateway_that_never_answers_charges_nothing_and_the_retry_pays(app, steel_deal, buyer, card,
                                                                         silent_gateway_base):
    with gateway_at(app, silent_gateway_base), pytest.raises(payments.GatewayDown, match="did not answer in time"):
        pay(buyer, steel_deal.public_id, card)
    [lost] = payments_of(buyer)
    assert (lost.status, lost.failure_code, booked("capture:")) == ("unknown", "gateway_timeout", [])

    payments.recover_stuck(now=utcnow() + LATER)
    assert payments_of(buyer)[0].status == "failed"  # the real gateway never saw it
    assert_money_consistent(buyer)

    retried = pay(buyer, steel_deal.public_id, card)
    assert retried.status == "captured" and booked("capture:") == [f"capture:{retried.public_id}"]
    assert_money_consistent(buyer)


def test_a_payment_the_gateway_made_but_whose_answer_was_lost_is_found_and_booked(app, steel_deal, buyer, card,
                                                                                  forgetful_gateway_base):
    with gateway_at(app, forgetful_gateway_base, timeout=2), pytest.raises(payments.GatewayDown):
        pay(buyer, steel_deal.public_id, card)
    [lost] = payments_of(buyer)
    assert (lost.status, booked("capture:")) == ("unknown", [])
    assert_money_consistent(buyer)  # authorised at the gateway, captured nowhere: nothing to differ yet

    payments.recover_stuck(now=utcnow() + LATER)

    [found] = payments_of(buyer)
    assert found.status == "captured" and booked("capture:") == [f"capture:{lost.public_id}"]
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "deposit_paid"
    assert_money_consistent(buyer)


def test_a_capture_done_at_the_gateway_whose_answer_was_lost_is_booked_by_recovery(monkeypatch, steel_deal, buyer,
                                                                                   card):
    real_capture = gateways.Gateway.capture

    def capture_then_time_out(self, intent_id, amount, key):
        real_capture(self, intent_id, amount, key)
        raise gateways.GatewayTimeout("no answer from the payment gateway")

    with monkeypatch.context() as patched:
        patched.setattr(gateways.Gateway, "capture", capture_then_time_out)
        with pytest.raises(payments.GatewayDown, match="did not answer in time"):
            pay(buyer, steel_deal.public_id, card)
    [lost] = payments_of(buyer)
    assert (lost.status, booked("capture:")) == ("unknown", [])

    payments.recover_stuck(now=utcnow() + LATER)

    assert payments_of(buyer)[0].status == "captured"
    assert booked("capture:") == [f"capture:{lost.public_id}"]
    assert [c.outcome for c in db.session.scalars(select(GatewayCall).order_by(GatewayCall.id))] == [
        "ok", "timeout"]
    assert_money_consistent(buyer)


# --- (e) the gateway is down ---------------------------------------------------------------------------

def test_a_gateway_that_is_down_says_so_charges_nothing_and_the_retry_pays(app, steel_deal, buyer, card,
                                                                           dead_gateway_base):
    with gateway_at(app, dead_gateway_base), pytest.raises(payments.GatewayDown) as down:
        pay(buyer, steel_deal.public_id, card)

    assert "cannot be reached" in down.value.message and "Nothing was charged" in down.value.message
    [failed] = payments_of(buyer)
    assert (failed.status, failed.failure_code, booked("capture:")) == ("failed", "gateway_unavailable", [])
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "awaiting_payment"
    assert_money_consistent(buyer)

    retried = pay(buyer, steel_deal.public_id, card)

    assert retried.status == "captured" and booked("capture:") == [f"capture:{retried.public_id}"]
    assert_money_consistent(buyer)


def test_a_recovery_pass_while_the_gateway_is_down_changes_nothing(app, monkeypatch, steel_deal, buyer, card,
                                                                   dead_gateway_base):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)

    with gateway_at(app, dead_gateway_base):
        payments.recover_stuck(now=utcnow() + LATER)

    assert (payments_of(buyer)[0].status, booked("capture:")) == ("pending", [])
    payments.recover_stuck(now=utcnow() + LATER)
    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


def test_a_refund_the_gateway_could_not_take_is_sent_by_the_recovery_pass(app, steel_deal, buyer, seller, card,
                                                                          dead_gateway_base):
    pay_in_full(buyer, steel_deal.public_id, card)
    with gateway_at(app, dead_gateway_base):
        escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "Out of stock")
    assert booked("refund:") == []

    payments.recover_stuck(now=utcnow() + LATER)

    assert len(booked("refund:")) == 2
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0
    assert_money_consistent(buyer)


# --- (f) two payment requests for the same deal at once --------------------------------------------------

@pytest.mark.postgres_only
def test_two_payments_of_one_deal_at_the_same_moment_charge_once(app, steel_deal, buyer, card):
    buyer_id, deal_id, card_id = buyer.public_id, steel_deal.public_id, card.public_id
    amount = due_now(buyer, deal_id)
    db.session.commit()

    def pay_at_once(_):
        paying = db.session.scalar(select(Enterprise).where(Enterprise.public_id == buyer_id))
        try:
            return payments.pay(owner_of(paying), paying, deal_id, amount, card_id).status
        except (payments.PaymentInProgress, InvalidInput) as refused:
            return type(refused).__name__

    outcomes = all_at_once(app, 3, pay_at_once)

    assert outcomes.count("captured") == 1
    assert [p.status for p in payments_of(buyer)] == ["captured"]
    assert len(booked("capture:")) == 1
    assert escrow.escrow_for(buyer, deal_id).status == "deposit_paid"
    assert_money_consistent(buyer)


def capturing_after(monkeypatch, meanwhile):
    """The first capture runs ``meanwhile`` just before it reaches the gateway (a request slow at that point)."""
    real_capture = gateways.Gateway.capture
    seen = []

    def capture(self, intent_id, amount, key):
        if not seen:
            seen.append(intent_id)
            meanwhile()
        return real_capture(self, intent_id, amount, key)

    monkeypatch.setattr(gateways.Gateway, "capture", capture)


def test_a_second_click_while_the_first_is_at_the_gateway_is_told_to_wait(monkeypatch, steel_deal, buyer, card):
    def second_click():
        with pytest.raises(payments.PaymentInProgress):
            pay(buyer, steel_deal.public_id, card)

    capturing_after(monkeypatch, second_click)
    first = pay(buyer, steel_deal.public_id, card)

    assert first.status == "captured" and [p.status for p in payments_of(buyer)] == ["captured"]
    assert booked("capture:") == [f"capture:{first.public_id}"]
    assert_money_consistent(buyer)


def test_a_request_slower_than_the_recovery_delay_still_answers_once_recovery_took_its_capture(
        monkeypatch, steel_deal, buyer, card):
    """The recovery pass captures and books the payment first; the request's own capture is then refused by
    the gateway, and the request reads the intent again and answers with the captured payment."""
    capturing_after(monkeypatch, lambda: payments.recover_stuck(now=utcnow() + LATER))

    first = pay(buyer, steel_deal.public_id, card)

    assert first.status == "captured" and [p.status for p in payments_of(buyer)] == ["captured"]
    assert booked("capture:") == [f"capture:{first.public_id}"]
    assert [c.operation for c in db.session.scalars(select(GatewayCall).order_by(GatewayCall.id))] == [
        "authorise", "capture", "capture"]
    assert_money_consistent(buyer)
