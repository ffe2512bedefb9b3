"""Buying a listing directly, the seller's confirmation, and cancelling before payment."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput, NotFound
from marketplace.extensions import db
from marketplace.catalog.services import OutOfStock
from marketplace.orders import services
from marketplace.orders.models import Order
from marketplace.outbox import OutboxEvent
from tests.builders import owner_of

ADDRESS = "天津市滨海新区临港经济区渤海十路 88 号"


def buy(buyer, listing, quantity, **changes):
    fields = dict(quantity=quantity, delivery_address=ADDRESS, delivery_date=date.today() + timedelta(days=10))
    return services.buy_listing(owner_of(buyer), buyer, listing.public_id, **fields | changes)


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_tier_for_the_quantity_sets_the_price_and_the_stock_is_reserved(buyer, rebar):
    order = buy(buyer, rebar, "60")

    db.session.refresh(rebar)
    assert order.lines[0].unit_price_minor == 398000
    assert order.total_minor == 398000 * 60
    assert rebar.stock == Decimal("440")
    assert order.status == "placed"


def test_the_seller_confirms_and_the_order_awaits_payment_with_an_event_for_settlement(buyer, seller, rebar):
    order = buy(buyer, rebar, "10")

    services.confirm(owner_of(seller), seller, order.public_id)

    assert order.status == "awaiting_payment"
    assert [(c.from_status, c.to_status) for c in order.status_changes] == [
        (None, "placed"), ("placed", "confirmed"), ("confirmed", "awaiting_payment")]
    event = db.session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "order.awaiting_payment"))
    assert event.aggregate_id == order.public_id
    assert event.payload["total_minor"] == 410050 * 10 and event.payload["currency"] == "CNY"


def test_the_buyer_cannot_confirm_its_own_order(buyer, rebar):
    order = buy(buyer, rebar, "10")
    with pytest.raises(services.Forbidden):
        services.confirm(owner_of(buyer), buyer, order.public_id)
    assert order.status == "placed"


def test_cancelling_before_payment_gives_the_stock_back_and_needs_a_reason(buyer, seller, rebar):
    order = buy(buyer, rebar, "100")
    services.confirm(owner_of(seller), seller, order.public_id)
    with pytest.raises(InvalidInput):
        services.cancel(owner_of(buyer), buyer, order.public_id, "  ")

    services.cancel(owner_of(buyer), buyer, order.public_id, "Project postponed")

    db.session.refresh(rebar)
    assert order.status == "cancelled" and rebar.stock == Decimal("500")
    assert order.status_changes[-1].reason == "Project postponed"
    with pytest.raises(InvalidInput):
        services.cancel(owner_of(seller), seller, order.public_id, "Again")


@pytest.mark.parametrize("quantity, field", [("4.999", "quantity"), ("0", "quantity"), ("-5", "quantity"),
                                             ("501", "quantity"), ("1.0001", "quantity")])
def test_bad_quantities_are_refused_and_nothing_is_written(buyer, rebar, quantity, field):
    with pytest.raises((InvalidInput, OutOfStock)) as refused:
        buy(buyer, rebar, quantity)
    assert field in refused.value.errors
    db.session.refresh(rebar)
    assert count(Order) == 0 and rebar.stock == Decimal("500")


def test_a_delivery_date_in_the_past_is_refused(buyer, rebar):
    with pytest.raises(InvalidInput) as refused:
        buy(buyer, rebar, "10", delivery_date=date.today() - timedelta(days=2))
    assert "delivery_date" in refused.value.errors


def test_an_enterprise_cannot_buy_its_own_listing(seller, rebar):
    with pytest.raises(InvalidInput) as refused:
        buy(seller, rebar, "10")
    assert "listing" in refused.value.errors
    assert count(Order) == 0


def test_only_the_parties_see_an_order(world, buyer, seller, rebar):
    order = buy(buyer, rebar, "10")
    assert services.order_for(seller, order.public_id) == order
    with pytest.raises(NotFound):
        services.order_for(world.enterprise(), order.public_id)
    assert services.orders_of(buyer, "buying") == [order] and services.orders_of(buyer, "selling") == []
