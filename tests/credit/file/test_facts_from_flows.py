"""What a deal does to the credit file: paying late, delivering, disputes, cancelling, settling."""
from datetime import timedelta

from sqlalchemy import func, select

from credit.file import services as file
from credit.grading import services as grading
from credit.file.models import PlatformFact
from marketplace.database import utcnow
from marketplace.disputes import services as disputes
from marketplace.escrow import services as escrow
from marketplace.extensions import db
from marketplace.orders import services as orders
from tests.builders import owner_of
from tests.credit.file.flows import backdate, react_all
from tests.settlement.fixtures import deliver_all, order_awaiting_payment, pay_in_full


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


def test_a_paid_catalog_order_is_due_for_delivery_a_week_after_payment(world, buyer, seller, rebar):
    order = order_awaiting_payment(buyer, seller, rebar)
    pay_in_full(buyer, order.public_id)
    react_all()

    [delivery] = file.facts_for(seller, utcnow()).deliveries
    [payment] = file.facts_for(buyer, utcnow()).payments

    assert (delivery.agreed - payment.paid).days == 7
    assert delivery.delivered is None and delivery.reference == order.public_id


def test_an_order_the_buyer_cancels_before_it_is_confirmed_is_the_buyers_fault(world, buyer, seller, rebar):
    order = orders.buy_listing(owner_of(buyer), buyer, rebar.public_id, "50", "天津市滨海新区 Binhai")
    orders.cancel(owner_of(buyer), buyer, order.public_id, "Ordered twice by mistake")
    react_all()

    assert [i.reference for i in file.facts_for(buyer, utcnow()).cancellations_by_fault] == [order.public_id]
    assert file.facts_for(seller, utcnow()).cancellations_by_fault == ()


def test_a_newly_verified_enterprise_is_scored_with_its_neutral_starting_grade(world):
    enterprise = world.enterprise()
    react_all()

    standing = grading.standing_of(enterprise)

    assert standing is not None and standing.grade == grading.current_model().model.neutral_grade


def test_a_fact_corrected_by_another_counts_only_as_corrected_and_a_withdrawn_one_not_at_all(world):
    enterprise = world.enterprise()
    day = utcnow().date()
    wrong = file.record_fact(enterprise, "cancellation_by_fault", day, "ord_1")
    file.record_fact(enterprise, "withdrawn", day, "ord_1", corrects=wrong)
    due = file.record_fact(enterprise, "payment_due", day, "ctr_1", 100_00, "CNY", {"due": day.isoformat()})
    file.record_fact(enterprise, "payment_due", day, "ctr_1", 80_00, "CNY", {"due": day.isoformat()}, corrects=due)

    facts = file.facts_for(enterprise, utcnow())

    assert facts.cancellations_by_fault == ()
    assert [p.amount_minor for p in facts.payments] == [80_00]


def test_the_same_event_records_a_fact_once(world):
    enterprise = world.enterprise()
    first = file.record_fact(enterprise, "settled", utcnow().date(), "ctr_2", 5_00, "CNY", source_event_id=424242)
    again = file.record_fact(enterprise, "settled", utcnow().date(), "ctr_2", 5_00, "CNY", source_event_id=424242)

    assert first.id == again.id
    assert file.facts_for(enterprise, utcnow()).settled_volume_minor == 5_00


def test_facts_for_many_gives_each_enterprise_its_own_facts(world, steel_deal, buyer, seller):
    backdate("contract.awaiting_payment", steel_deal.public_id, 12)
    pay_in_full(buyer, steel_deal.public_id)
    react_all()
    bystander = world.enterprise()

    now = utcnow()
    together = file.facts_for_many([buyer, seller, bystander], now)

    assert together == {e.id: file.facts_for(e, now) for e in (buyer, seller, bystander)}
    assert together[bystander.id].payments == () and len(together[buyer.id].payments) == 1


def test_one_delivery_released_is_one_delivery_and_one_settlement_on_file(world, steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    delivery = deliver_all(buyer, seller, steel_deal.public_id)
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))
    react_all()

    kinds = [item.kind for item in file.timeline_of(seller, "subject")]

    assert kinds.count("delivery_made") == 1 and kinds.count("settled") == 1
