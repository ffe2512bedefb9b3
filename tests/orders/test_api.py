"""Buying a listing through the API: tier price, stock, minimum order, retries, cancellation."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.orders.models import Order
from tests.builders import owner_of

SCOPES = ["orders:read", "orders:write"]


@pytest.fixture
def buying(world, buyer):
    return {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, SCOPES)}"}


@pytest.fixture
def selling(world, seller):
    return {"Authorization": f"Bearer {world.token(owner_of(seller), seller, SCOPES)}"}


def body(listing, quantity, **changes):
    return {"listing": listing.public_id, "quantity": quantity, "delivery_address": "天津市滨海新区临港经济区",
            "delivery_date": (date.today() + timedelta(days=7)).isoformat()} | changes


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_order_is_placed_once_however_often_it_is_retried(client, buying, rebar):
    headers = buying | {"Idempotency-Key": "erp-order-77"}
    first = client.post("/api/v1/orders", json=body(rebar, "200"), headers=headers)
    again = client.post("/api/v1/orders", json=body(rebar, "200"), headers=headers)

    assert first.status_code == 201 and again.json == first.json
    assert first.json["total"] == "778000.00" and first.json["lines"][0]["unit_price"] == "3890.00"
    db.session.refresh(rebar)
    assert count(Order) == 1 and rebar.stock == Decimal("300")


@pytest.mark.parametrize("quantity, status, field", [("4", 422, "quantity"), ("-1", 422, "quantity"),
                                                     ("600", 409, "quantity")])
def test_bad_quantities_are_refused_with_the_field_named(client, buying, rebar, quantity, status, field):
    refused = client.post("/api/v1/orders", json=body(rebar, quantity), headers=buying)
    assert refused.status_code == status and field in refused.json["errors"]
    assert count(Order) == 0


def test_buying_ones_own_listing_is_refused(client, selling, rebar):
    refused = client.post("/api/v1/orders", json=body(rebar, "10"), headers=selling)
    assert refused.status_code == 422 and count(Order) == 0


def test_the_seller_confirms_the_buyer_cancels_and_the_stock_returns(client, buying, selling, rebar):
    order = client.post("/api/v1/orders", json=body(rebar, "100"), headers=buying).json["id"]
    assert client.post(f"/api/v1/orders/{order}/confirm", headers=buying).status_code == 403
    assert client.post(f"/api/v1/orders/{order}/confirm", headers=selling).json["status"] == "awaiting_payment"
    no_reason = client.post(f"/api/v1/orders/{order}/cancel", json={}, headers=buying)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]

    cancelled = client.post(f"/api/v1/orders/{order}/cancel", json={"reason": "Budget cut"}, headers=buying)

    db.session.refresh(rebar)
    assert cancelled.json["status"] == "cancelled" and rebar.stock == Decimal("500")


def test_orders_are_listed_page_by_page_for_each_side(client, buying, selling, rebar):
    for _ in range(3):
        client.post("/api/v1/orders", json=body(rebar, "5"), headers=buying)
    first = client.get("/api/v1/orders?limit=2", headers=buying)
    rest = client.get(f"/api/v1/orders?limit=2&cursor={first.json['next_cursor']}", headers=buying)
    assert len(first.json["items"]) == 2 and 'rel="next"' in first.headers["Link"]
    assert len(rest.json["items"]) == 1 and rest.json["next_cursor"] is None
    assert len(client.get("/api/v1/orders?side=selling", headers=selling).json["items"]) == 3
    assert client.get("/api/v1/orders?side=buying", headers=selling).json["items"] == []
