"""Listed-price purchase (挂牌) through the services: offering, buying down to sold out, refusals, races."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Enterprise, User
from marketplace.accounts.services import EnterpriseNotVerified
from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from tests.builders import owner_of
from tests.concurrency import all_at_once
from tests.trading.market import REBAR_SPEC
from trading.contracts.models import Contract
from trading.listings import services as listings
from trading.listings.models import FloorListing


def offer(seller, quantity="300", minimum="50", price="3950.00", **overrides):
    """300 t of 9 m rebar cut lengths at 3,950.00/t, at least 50 t a purchase."""
    values = {"title": "HRB400E 螺纹钢 Φ20 9m 非标定尺", "spec": {**REBAR_SPEC, "length_m": "9"}, "quantity": quantity,
              "minimum_purchase": minimum, "price": price, "delivery_place": "天津港散货物流中心",
              "delivery_month": "2026-12", **overrides}
    return listings.create_listing(owner_of(seller), seller, "steel", **values)


def _contracts():
    return db.session.scalar(select(func.count()).select_from(Contract))


def test_a_buyer_takes_part_of_a_lot_and_gets_a_contract_awaiting_payment(seller, buyer):
    lot = offer(seller)

    contract = listings.purchase(owner_of(buyer), buyer, lot.public_id, "120")

    assert (lot.remaining, lot.status) == (Decimal("180"), "open")
    assert (contract.buyer, contract.seller, contract.quantity, contract.price_minor) == (
        buyer, seller, Decimal("120"), 395_000)
    assert contract.amount_minor == 47_400_000 and contract.status == "awaiting_payment"
    assert contract.delivery_terms == lot.floor.delivery_terms and contract.spec["length_m"] == "9"


def test_purchases_down_to_sold_out_and_the_last_one_may_be_below_the_minimum(world, seller, buyer):
    lot = offer(seller, quantity="130")
    other = world.enterprise(kinds=("buyer",))

    listings.purchase(owner_of(buyer), buyer, lot.public_id, "50")
    listings.purchase(owner_of(other), other, lot.public_id, "50")
    with pytest.raises(InvalidInput) as refused:
        listings.purchase(owner_of(buyer), buyer, lot.public_id, "20")
    assert refused.value.errors["quantity"] == ["Buy at least 50 tonne, or all 30 tonne that are left."]
    listings.purchase(owner_of(buyer), buyer, lot.public_id, "30")

    assert (lot.remaining, lot.status) == (0, "sold_out")
    assert _contracts() == 3
    with pytest.raises(InvalidInput) as refused:
        listings.purchase(owner_of(other), other, lot.public_id, "1")
    assert refused.value.message == "This listing is sold out."


@pytest.mark.parametrize("quantity, field", [("400", "quantity"), ("10", "quantity"), ("-5", "quantity"),
                                             ("many", "quantity"), ("1.0001", "quantity")])
def test_a_bad_quantity_is_refused_and_nothing_is_bought(seller, buyer, quantity, field):
    lot = offer(seller)

    with pytest.raises(InvalidInput) as refused:
        listings.purchase(owner_of(buyer), buyer, lot.public_id, quantity)

    assert field in refused.value.errors
    db.session.refresh(lot)
    assert lot.remaining == 300 and _contracts() == 0


def test_a_seller_cannot_buy_its_own_lot(seller):
    lot = offer(seller)

    with pytest.raises(InvalidInput) as refused:
        listings.purchase(owner_of(seller), seller, lot.public_id, "50")

    assert refused.value.errors == {"listing": ["This listing is your own enterprise's."]}


def test_an_unverified_enterprise_can_neither_buy_nor_offer(world, seller):
    lot = offer(seller)
    pending = world.enterprise(verified=False)

    with pytest.raises(EnterpriseNotVerified):
        listings.purchase(owner_of(pending), pending, lot.public_id, "50")
    with pytest.raises(EnterpriseNotVerified):
        offer(pending)
    assert _contracts() == 0


@pytest.mark.parametrize("overrides, field", [
    ({"price": "3950.50"}, "price"),
    ({"price": "0"}, "price"),
    ({"minimum": "400"}, "minimum_purchase"),
    ({"spec": {"product": "rebar", "grade": "B500B"}}, "spec.grade"),
    ({"delivery_month": "12/2026"}, "delivery_month"),
    ({"title": " "}, "title"),
])
def test_a_bad_offer_is_refused_by_field_and_nothing_is_listed(seller, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        offer(seller, **overrides)

    assert field in refused.value.errors
    assert db.session.scalar(select(func.count()).select_from(FloorListing)) == 0


def test_a_withdrawn_lot_cannot_be_bought_and_only_its_seller_withdraws_it(seller, buyer):
    lot = offer(seller)
    with pytest.raises(NotFound):
        listings.withdraw(owner_of(buyer), buyer, lot.public_id)

    listings.withdraw(owner_of(seller), seller, lot.public_id)

    assert lot.status == "withdrawn"
    with pytest.raises(InvalidInput):
        listings.purchase(owner_of(buyer), buyer, lot.public_id, "50")


@pytest.mark.postgres_only
def test_buyers_racing_for_the_last_tonnes_never_oversell(app, world, seller):
    lot = offer(seller, quantity="200", minimum="50")
    buyers = [world.enterprise(kinds=("buyer",)) for _ in range(6)]
    parties = [(buyer.id, owner_of(buyer).id) for buyer in buyers]
    listing_id = lot.public_id
    db.session.commit()

    def buy(number):
        enterprise_id, user_id = parties[number]
        try:
            listings.purchase(db.session.get(User, user_id), db.session.get(Enterprise, enterprise_id), listing_id,
                              "50")
            return "bought"
        except InvalidInput:
            return "refused"

    outcomes = all_at_once(app, len(parties), buy)

    assert sorted(outcomes) == ["bought"] * 4 + ["refused"] * 2
    db.session.refresh(lot)
    assert (lot.remaining, lot.status) == (0, "sold_out")
    assert db.session.scalar(select(func.sum(Contract.quantity))) == 200
