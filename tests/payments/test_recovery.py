"""The settlement job: one pass finishes payments and refunds left open and releases inspected deliveries."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.database import utcnow
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.ledger.models import LedgerTransaction
from marketplace.payments.jobs import SettlementJobs
from marketplace.payments.models import Payment
from tests.builders import owner_of
from tests.ledger.settling import assert_money_consistent, gateway_at, pay_and_die_before_booking
from tests.settlement.fixtures import deliver_all, pay_in_full, saved_card, steel_contract

LATER = timedelta(minutes=5)


@pytest.fixture
def job(app):
    return SettlementJobs(app, interval=0.1)


@pytest.fixture
def card(buyer):
    return saved_card(buyer)


def booked(prefix):
    db.session.rollback()
    return db.session.scalars(select(LedgerTransaction.key).where(LedgerTransaction.key.startswith(prefix))).all()


def test_a_pass_books_a_capture_left_open_once_it_is_old_enough(job, monkeypatch, steel_deal, buyer, card):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)

    assert job.settle() == (0, [])  # just now: its own request may still be finishing it
    assert job.settle(now=utcnow() + LATER) == (1, [])

    assert booked("capture:") == [f"capture:{stuck.public_id}"]
    assert_money_consistent(buyer)


def test_a_pass_with_the_gateway_down_leaves_the_payment_for_the_next(app, job, monkeypatch, steel_deal, buyer, card,
                                                                      dead_gateway_base):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)

    with gateway_at(app, dead_gateway_base):
        job.settle(now=utcnow() + LATER)
    assert booked("capture:") == []

    job.settle(now=utcnow() + LATER)
    assert booked("capture:") == [f"capture:{stuck.public_id}"]


def test_a_pass_releases_every_delivery_whose_inspection_ended(job, ctx, buyer, seller):
    deals = [steel_contract(buyer, seller) for _ in range(2)]
    for deal in deals:
        pay_in_full(buyer, deal.public_id)
    deliveries = [deliver_all(buyer, seller, deal.public_id) for deal in deals]
    after = max(d.inspection_ends_at for d in deliveries) + timedelta(seconds=1)

    assert job.settle(now=min(d.inspection_ends_at for d in deliveries) - timedelta(seconds=1)) == (0, [])
    _, released = job.settle(now=after)

    assert sorted(released) == sorted(d.public_id for d in deliveries)
    assert {escrow.escrow_for(seller, deal.public_id).status for deal in deals} == {"released"}
    assert job.settle(now=after) == (0, [])
    assert_money_consistent(buyer, released=sum(escrow.escrow_for(buyer, d.public_id).due_minor for d in deals))


def test_one_delivery_that_fails_to_release_does_not_hold_up_the_others(job, ctx, monkeypatch, buyer, seller):
    deals = [steel_contract(buyer, seller) for _ in range(2)]
    for deal in deals:
        pay_in_full(buyer, deal.public_id)
    deliveries = [deliver_all(buyer, seller, deal.public_id) for deal in deals]
    after = max(d.inspection_ends_at for d in deliveries) + timedelta(seconds=1)
    broken = deliveries[0].public_id
    release = escrow.release_delivery

    def fails_once_for_the_first(delivery_id, now=None):
        if delivery_id == broken:
            raise RuntimeError("the database connection dropped")
        return release(delivery_id, now=now)

    with monkeypatch.context() as patched:
        patched.setattr(escrow, "release_delivery", fails_once_for_the_first)
        assert job.settle(now=after) == (0, [deliveries[1].public_id])

    assert job.settle(now=after) == (0, [broken])
    assert_money_consistent(buyer, released=sum(escrow.escrow_for(buyer, d.public_id).due_minor for d in deals))


def test_a_refund_left_pending_is_sent_by_a_pass(app, job, steel_deal, buyer, seller, card, dead_gateway_base):
    pay_in_full(buyer, steel_deal.public_id, card)
    with gateway_at(app, dead_gateway_base):
        escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "Out of stock")

    assert job.settle(now=utcnow() + LATER) == (2, [])

    assert len(booked("refund:")) == 2
    assert_money_consistent(buyer)


def test_the_job_runs_on_its_own_thread_until_stopped(app, job, monkeypatch, steel_deal, buyer, card):
    stuck = pay_and_die_before_booking(monkeypatch, buyer, steel_deal.public_id, card)
    monkeypatch.setitem(app.config, "GATEWAY_RECOVERY_AFTER_SECONDS", 0)

    job.start()
    try:
        deadline = time.monotonic() + 20
        while db.session.get(Payment, stuck.id).status != "captured":
            assert time.monotonic() < deadline, "the job never finished the payment"
            time.sleep(0.1)
            db.session.rollback()
    finally:
        job.stop()

    assert not job.thread.is_alive()
    assert booked("capture:") == [f"capture:{stuck.public_id}"]


def test_the_job_reconciles_once_a_day(app, steel_deal, buyer):
    pay_in_full(buyer, steel_deal.public_id)
    job = SettlementJobs(app)

    first = job.reconcile_when_due()

    assert first is not None and first.differences == [] and first.error is None
    assert job.reconcile_when_due() is None
    assert job.reconcile_when_due(now=utcnow() + timedelta(days=1, minutes=1)) is not None
