"""The money of one deal from payment to release or refund, read back from the ledger."""
from datetime import timedelta

import pytest

from marketplace.database import utcnow
from marketplace.escrow import services as escrow
from marketplace.ledger import services as ledger
from marketplace.payments import services as payments
from tests.builders import owner_of
from tests.settlement.fixtures import DECLINED_ON_CHARGE, deliver_all, pay_in_full, saved_card


def test_a_steel_contract_is_paid_in_two_parts_and_held_in_escrow(steel_deal, buyer, seller):
    deal = escrow.escrow_for(buyer, steel_deal.public_id)
    made = pay_in_full(buyer, steel_deal.public_id)

    assert [p.part for p in made] == ["deposit", "balance"]
    assert sum(p.amount_minor for p in made) == deal.due_minor
    assert escrow.escrow_for(seller, steel_deal.public_id).status == "paid"
    assert ledger.balances_of(buyer)[("in_escrow", "CNY")] == deal.due_minor
    assert ledger.verify() == []


def test_after_the_inspection_window_the_seller_is_owed_the_amount_less_the_fee(steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    delivery = deliver_all(buyer, seller, steel_deal.public_id)

    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))

    deal = escrow.escrow_for(seller, steel_deal.public_id)
    assert deal.status == "released"
    assert ledger.balances_of(seller)[("payable", "CNY")] == deal.due_minor - deal.fee_minor
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0
    assert ledger.verify() == []


def test_a_release_before_the_window_ends_is_refused(steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)
    delivery = deliver_all(buyer, seller, steel_deal.public_id)

    with pytest.raises(Exception, match="still open"):
        escrow.release_delivery(delivery.public_id, now=utcnow())


def test_cancelling_before_shipment_refunds_the_card(steel_deal, buyer, seller):
    pay_in_full(buyer, steel_deal.public_id)

    escrow.cancel(owner_of(seller), seller, steel_deal.public_id, "No stock after all")

    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "cancelled"
    assert ledger.balances_of(buyer).get(("in_escrow", "CNY"), 0) == 0
    assert ledger.verify() == []


def test_a_declined_card_moves_no_money(steel_deal, buyer):
    card = saved_card(buyer, DECLINED_ON_CHARGE)
    due = escrow.amount_due(escrow.escrow_for(buyer, steel_deal.public_id))

    with pytest.raises(payments.CardDeclined):
        payments.pay(owner_of(buyer), buyer, steel_deal.public_id, due[1], card.public_id)

    assert ledger.balances_of(buyer) == {}
    assert escrow.escrow_for(buyer, steel_deal.public_id).status == "awaiting_payment"
