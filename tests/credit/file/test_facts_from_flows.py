"""What a deal does to the credit file: paying late, delivering, disputes, cancelling, settling."""
from datetime import timedelta

from sqlalchemy import func, select

from credit.file import services as file
from credit.file.models import PlatformFact
from marketplace.database import utcnow
from marketplace.disputes import services as disputes
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.credit.file.flows import backdate, react_all
from tests.settlement.fixtures import deliver_all, pay_in_full


def _facts_count():
    return db.session.scalar(select(func.count()).select_from(PlatformFact))


def test_a_contract_paid_twenty_days_after_it_awaited_payment_is_paid_fifteen_days_late(world, steel_deal, buyer):
    backdate("contract.awaiting_payment", steel_deal.public_id, 20)
    pay_in_full(buyer, steel_deal.public_id)
    react_all()

    facts = file.facts_for(buyer, utcnow())

    [payment] = facts.payments
    due = escrow.escrow_for(buyer, steel_deal.public_id).due_minor
    assert payment.amount_minor == due
    assert payment.reference == steel_deal.public_id
    assert (payment.paid - payment.due).days == 15


def test_an_unpaid_contract_stays_owed_and_only_counts_from_its_due_day(world, steel_deal, buyer):
    react_all()

    [payment] = file.facts_for(buyer, utcnow()).payments

    assert payment.paid is None
    assert (payment.due - utcnow().date()).days in (4, 5, 6)  # terms of 5 days from today's Shanghai day


def test_the_seller_owes_delivery_by_the_end_of_the_delivery_month_and_delivers(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    deliver_all(buyer, seller, steel_deal.public_id)
    react_all()

    [delivery] = file.facts_for(seller, utcnow()).deliveries

    assert delivery.agreed.isoformat() == "2026-12-31"
    assert delivery.delivered is not None
    assert delivery.rfid_confirmed is False


def test_a_delivery_read_by_rfid_is_confirmed_by_rfid(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    escrow.mark_shipped(owner_of(seller), seller, steel_deal.public_id)
    escrow.confirm_delivery(None, buyer, steel_deal.public_id, None, source="rfid", reference="gate-3")
    react_all()

    [delivery] = file.facts_for(seller, utcnow()).deliveries

    assert delivery.rfid_confirmed is True


def test_released_money_is_settled_volume_for_both_sides(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    delivery = deliver_all(buyer, seller, steel_deal.public_id)
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))
    react_all()

    due = escrow.escrow_for(buyer, steel_deal.public_id).due_minor
    assert file.facts_for(seller, utcnow()).settled_volume_minor > 0
    assert file.facts_for(buyer, utcnow()).settled_volume_minor == file.facts_for(seller, utcnow()).settled_volume_minor
    assert file.facts_for(buyer, utcnow()).settled_volume_minor <= due


def test_the_side_that_cancels_is_at_fault_and_nothing_stays_owed(world, steel_deal, buyer, seller):
    escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "No stock after all")
    react_all()

    seller_facts, buyer_facts = file.facts_for(seller, utcnow()), file.facts_for(buyer, utcnow())
    assert [i.reference for i in seller_facts.cancellations_by_fault] == [steel_deal.public_id]
    assert buyer_facts.cancellations_by_fault == ()
    assert buyer_facts.payments == ()
    assert seller_facts.deliveries == ()


def test_a_dispute_decided_for_the_buyer_is_lost_by_the_seller(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    deliver_all(buyer, seller, steel_deal.public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, steel_deal.public_id, "quality", "Rust on every bar")
    disputes.decide(world.operator(), dispute.public_id, "refund", "The photos show rust.")
    react_all()

    [lost] = file.facts_for(seller, utcnow()).disputes
    [won] = file.facts_for(buyer, utcnow()).disputes
    assert (lost.outcome, won.outcome) == ("lost", "won")
    assert lost.reference == dispute.public_id


def test_handling_the_events_again_records_nothing_new(world, steel_deal, buyer, seller):
    from credit.file import reactions

    pay_in_full(buyer, steel_deal.public_id)
    deliver_all(buyer, seller, steel_deal.public_id)
    react_all()
    before = _facts_count()

    from marketplace.outbox import OutboxConsumption
    db.session.query(OutboxConsumption).filter_by(consumer=reactions.CONSUMER).delete()
    db.session.commit()
    react_all()

    assert _facts_count() == before
