"""The history loader's deals and money: floor contracts, catalog orders and the payments into their escrow."""
from datetime import timedelta

from marketplace.database import utcnow
from marketplace.oversight.surveillance import history
from marketplace.oversight.surveillance.events import DealEvent, MovementEvent, PaymentEvent
from tests.settlement.fixtures import deliver_all, order_awaiting_payment, pay_in_full, steel_contract


def period():
    now = utcnow()
    return now - timedelta(hours=1), now + timedelta(hours=1)


def test_a_paid_floor_contract_is_a_deal_with_its_payments(world, buyer, seller):
    contract = steel_contract(buyer, seller)
    paid = pay_in_full(buyer, contract.public_id)

    events = history.market_events(*period())

    [deal] = [event for event in events if isinstance(event, DealEvent)]
    assert (deal.reference, deal.source, deal.floor, deal.buyer, deal.seller) == (
        contract.public_id, "listing", "steel", buyer.public_id, seller.public_id)
    money = [event for event in events if isinstance(event, PaymentEvent)]
    assert {payment.reference for payment in money} == {contract.public_id}
    assert sum(payment.amount_minor for payment in money) == sum(payment.amount_minor for payment in paid)
    assert {(payment.payer, payment.payee) for payment in money} == {(buyer.public_id, seller.public_id)}


def test_a_confirmed_receipt_is_evidence_that_goods_moved(world, buyer, seller):
    contract = steel_contract(buyer, seller)
    pay_in_full(buyer, contract.public_id)
    deliver_all(buyer, seller, contract.public_id)

    moved = [event for event in history.market_events(*period()) if isinstance(event, MovementEvent)]

    assert (contract.public_id, "confirmed") in {(event.reference, event.kind) for event in moved}


def test_a_catalog_order_is_a_deal_filed_under_its_category(world, buyer, seller, rebar):
    order = order_awaiting_payment(buyer, seller, rebar)

    events = history.market_events(*period(), floor="catalog")

    [deal] = [event for event in events if isinstance(event, DealEvent)]
    assert (deal.reference, deal.source, deal.floor, deal.amount_minor) == (order.public_id, "catalog", "catalog",
                                                                            order.total_minor)
    assert deal.commodity != "catalog" and deal.quantity > 0
    assert not [event for event in history.market_events(*period(), floor="steel") if isinstance(event, DealEvent)]
