"""An approved sanction reaches trading, the catalog and escrow through the oversight gate, naming itself."""
import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.catalog import services as catalog
from marketplace.catalog.lifecycle import ListingStatus
from marketplace.database import utcnow
from marketplace.escrow import services as escrow
from marketplace.escrow.models import Delivery
from marketplace.extensions import db
from marketplace.ledger import services as ledger
from marketplace.oversight import gate
from marketplace.oversight.sanctions import services as sanctions
from tests.builders import owner_of
from tests.oversight.sanctions.helpers import decided
from tests.orders.listings import publish_product
from tests.settlement.fixtures import deliver_all, pay_in_full, steel_contract
from tests.trading.auctions.auctions import announce, bid
from tests.trading.market import list_instrument, trading_token
from trading.book import services as book
from trading.book.models import FloorOrder
from trading.listings import services as floor_listings


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


@pytest.fixture
def rebar_2612(world):
    return list_instrument(world.operator())


def orders_of(enterprise):
    return db.session.scalar(select(func.count()).select_from(FloorOrder).where(
        FloorOrder.enterprise_id == enterprise.id))


def test_a_suspended_enterprise_s_next_api_order_is_refused_naming_the_sanction(client, world, seller, rebar_2612):
    headers = trading_token(world, seller)
    body = {"instrument": rebar_2612.public_id, "side": "sell", "kind": "limit", "quantity": "10", "price": "4000.00"}
    assert client.post("/api/v1/trading/orders", json=body, headers=headers).status_code == 201
    sanction, _proposer, _approver = decided(world, seller)

    refused = client.post("/api/v1/trading/orders", json=body, headers=headers)

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert f"Trading suspended by sanction {sanction.number} until it is lifted" in refused.json["detail"]
    assert sanction.number in refused.json["errors"]["order"][0]
    assert orders_of(seller) == 1


def test_a_suspended_enterprise_s_next_web_order_shows_the_sanction_on_the_ticket(client, world, seller, rebar_2612):
    world.login(client, owner_of(seller))
    sanction, _proposer, _approver = decided(world, seller)

    sent = client.post(f"/enterprises/{seller.public_id}/floors/steel/{rebar_2612.public_id}/orders",
                       data={"side": "sell", "kind": "limit", "quantity": "10", "price": "4000.00"})

    assert sent.status_code == 422
    assert f"Trading suspended by sanction {sanction.number} until it is lifted" in text_of(sent)
    assert orders_of(seller) == 0


def test_a_lifted_suspension_lets_the_enterprise_trade_again(world, seller, rebar_2612):
    sanction, _proposer, approver = decided(world, seller)
    with pytest.raises(gate.OversightRefusal):
        book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "10", 400000)

    sanctions.lift(approver, sanction, "The enterprise corrected its conduct.")

    placed = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "10", 400000)
    assert placed.status == "open"


def test_a_terminated_enterprise_may_not_amend_an_order_upwards(world, seller, rebar_2612):
    placed = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "50", 400000)
    sanction, _proposer, _approver = decided(world, seller, kind="termination")

    with pytest.raises(gate.OversightRefusal, match=f"Trading terminated by sanction {re.escape(sanction.number)}"):
        book.amend_order(owner_of(seller), seller, placed.public_id, remaining="100")
    assert book.amend_order(owner_of(seller), seller, placed.public_id, remaining="20").remaining_lots == 2
    assert book.cancel_order(owner_of(seller), seller, placed.public_id).status == "cancelled"


def test_auctions_refuse_a_suspended_bidder_and_announcer(world, seller, buyer):
    now = utcnow()
    auction = announce(seller, "english", now)
    sanction, _proposer, _approver = decided(world, buyer)

    with pytest.raises(gate.OversightRefusal, match=re.escape(sanction.number)):
        bid(buyer, auction, "4000.00", now + timedelta(minutes=1))
    with pytest.raises(gate.OversightRefusal, match=re.escape(sanction.number)):
        announce(buyer, "english", now)


def test_floor_listings_and_their_purchases_are_refused(world, seller, buyer):
    lot = floor_listings.create_listing(owner_of(seller), seller, "steel", "HRB400E 螺纹钢",
                                        {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"},
                                        "100", "10", "4000.00", "天津港", "2026-12")
    sanction, _proposer, _approver = decided(world, buyer)

    with pytest.raises(gate.OversightRefusal, match=re.escape(sanction.number)) as refused:
        floor_listings.purchase(owner_of(buyer), buyer, lot.public_id, "10")
    assert set(refused.value.errors) == {"enterprise"}
    with pytest.raises(gate.OversightRefusal):
        floor_listings.create_listing(owner_of(buyer), buyer, "steel", "HRB400E", {"product": "rebar"}, "10", "10",
                                      "4000.00", "天津港", "2026-12")
    decided(world, seller)
    third = world.enterprise(kinds=("buyer",))
    with pytest.raises(gate.OversightRefusal) as refused:
        floor_listings.purchase(owner_of(third), third, lot.public_id, "10")
    assert set(refused.value.errors) == {"listing"}


def test_a_suspended_enterprise_cannot_publish_a_catalog_listing(world, seller):
    listing = publish_product(seller)
    catalog.move_listing(owner_of(seller), listing, ListingStatus.PAUSED)
    sanction, _proposer, _approver = decided(world, seller)

    with pytest.raises(gate.OversightRefusal, match=re.escape(sanction.number)):
        catalog.move_listing(owner_of(seller), listing, ListingStatus.PUBLISHED)
    assert catalog.move_listing(owner_of(seller), listing, ListingStatus.ARCHIVED).status == "archived"


def test_an_escrow_hold_keeps_the_money_in_escrow_and_releases_it_after_lifting(world, buyer, seller):
    deal = steel_contract(buyer, seller)
    pay_in_full(buyer, deal.public_id)
    delivery = deliver_all(buyer, seller, deal.public_id)
    sanction, _proposer, approver = decided(world, seller, kind="escrow_hold")
    after_window = delivery.inspection_ends_at + timedelta(seconds=1)

    with pytest.raises(escrow.ReleaseHeld, match=re.escape(sanction.number)) as held:
        escrow.release_delivery(delivery.public_id, now=after_window)
    assert held.value.status == 409
    with pytest.raises(escrow.ReleaseHeld):
        escrow.accept_delivery(owner_of(buyer), buyer, deal.public_id, delivery.public_id)
    held_deal = escrow.escrow_for(seller, deal.public_id)
    assert ledger.balances_of(seller).get(("payable", "CNY"), 0) == 0
    assert ledger.balances_of(buyer)[("in_escrow", "CNY")] == held_deal.due_minor
    assert db.session.get(Delivery, delivery.id).released_at is None
    assert delivery.public_id not in escrow.deliveries_due(after_window), "the release job leaves it waiting"
    gate.ensure_may_trade(seller)  # a hold stops money, not trading

    sanctions.lift(approver, sanction, "Refunds to buyers were made.")
    assert delivery.public_id in escrow.deliveries_due(after_window)
    escrow.release_delivery(delivery.public_id, now=after_window)

    released = escrow.escrow_for(seller, deal.public_id)
    assert released.status == "released"
    assert ledger.balances_of(seller)[("payable", "CNY")] == released.due_minor - released.fee_minor
    assert ledger.verify() == []


def test_catalog_orders_are_refused_to_a_suspended_buyer_and_unconfirmed_by_a_suspended_seller(world, seller, buyer):
    from marketplace.orders import services as orders

    listing = publish_product(seller)
    placed = orders.buy_listing(owner_of(buyer), buyer, listing.public_id, "10", "天津市滨海新区 Binhai")
    decided(world, buyer)
    sanction, _proposer, _approver = decided(world, seller)

    with pytest.raises(gate.OversightRefusal):
        orders.buy_listing(owner_of(buyer), buyer, listing.public_id, "10", "天津市滨海新区 Binhai")
    with pytest.raises(gate.OversightRefusal, match=re.escape(sanction.number)):
        orders.confirm(owner_of(seller), seller, placed.public_id)


def test_floor_purchases_and_bids_through_the_web_and_the_api_name_the_sanction(client, world, seller, buyer):
    lot = floor_listings.create_listing(owner_of(seller), seller, "steel", "HRB400E 螺纹钢",
                                        {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "12"},
                                        "100", "10", "4000.00", "天津港", "2026-12")
    auction = announce(seller, "english", utcnow())
    sanction, _proposer, _approver = decided(world, buyer)
    headers = trading_token(world, buyer)

    bought = client.post(f"/api/v1/floor-listings/{lot.public_id}/purchases", json={"quantity": "10"}, headers=headers)
    bid_sent = client.post(f"/api/v1/auctions/{auction.public_id}/bids", json={"price": "4000.00"}, headers=headers)
    world.login(client, owner_of(buyer))
    page = client.post(f"/enterprises/{buyer.public_id}/floor-listings/{lot.public_id}/purchase",
                       data={"quantity": "10"})

    for refused in (bought, bid_sent):
        assert refused.status_code == 422 and refused.content_type == "application/problem+json"
        assert sanction.number in refused.json["detail"] and sanction.number in refused.json["errors"]["enterprise"][0]
    assert page.status_code == 422 and f"Trading suspended by sanction {sanction.number}" in text_of(page)


def test_a_dispute_decision_releasing_money_to_a_held_seller_waits_and_a_full_refund_does_not(world, buyer, seller):
    from marketplace.disputes import services as disputes

    deal = steel_contract(buyer, seller)
    pay_in_full(buyer, deal.public_id)
    deliver_all(buyer, seller, deal.public_id)
    dispute = disputes.open_dispute(owner_of(buyer), buyer, deal.public_id, "quantity", "Short on the weighbridge.")
    sanction, _proposer, _approver = decided(world, seller, kind="escrow_hold")
    held_before = ledger.position_of(escrow.escrow_for(seller, deal.public_id)).held

    with pytest.raises(escrow.ReleaseHeld, match=re.escape(sanction.number)):
        disputes.decide(world.operator(), dispute.public_id, "release", "The weighbridge ticket was wrong.")
    db.session.expire_all()
    assert ledger.position_of(escrow.escrow_for(seller, deal.public_id)).held == held_before
    assert ledger.balances_of(seller).get(("payable", "CNY"), 0) == 0

    refunded = disputes.decide(world.operator(), dispute.public_id, "refund", "Nothing was delivered after all.")
    assert refunded.status == "decided" and ledger.balances_of(seller).get(("payable", "CNY"), 0) == 0
    assert ledger.verify() == []
