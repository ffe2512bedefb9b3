"""Through the API, as an ERP would: RFQ, two quotes, comparison, acceptance (safe to retry), the
seller's confirmation, the order awaiting payment. Bad input gets problem+json with field errors."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditRecord
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.sourcing.models import Quote, Rfq
from tests.orders.listings import publish_product
from tests.builders import owner_of

SCOPES = ["sourcing:read", "sourcing:write", "orders:read", "orders:write"]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def tokens(world, buyer):
    """Bearer headers for the buyer and two rebar suppliers."""
    first, second = world.enterprise(), world.enterprise()
    publish_product(first)
    publish_product(second)
    return {name: {"Authorization": f"Bearer {world.token(owner_of(e), e, SCOPES)}"}
            for name, e in (("buyer", buyer), ("first", first), ("second", second))}


def rfq_body(**changes):
    return {"title": "HRB400E 螺纹钢 200 吨", "category": "steel.rebar", "quantity": "200", "unit": "t",
            "delivery_place": "天津港东疆港区", "delivery_date": (date.today() + timedelta(days=30)).isoformat(),
            "deadline": (utcnow() + timedelta(days=3)).isoformat()} | changes


def quote_body(price, lead_time):
    return {"unit_price": price, "quantity": "200", "lead_time_days": lead_time,
            "valid_until": (utcnow() + timedelta(days=14)).isoformat(), "terms": "DAP"}


def test_the_rfq_story_through_the_api(client, tokens):
    posted = client.post("/api/v1/rfqs", json=rfq_body(), headers=tokens["buyer"] | {"Idempotency-Key": "rfq-1"})
    assert posted.status_code == 201
    rfq_id = posted.json["id"]
    assert [r["id"] for r in client.get("/api/v1/rfqs/for-you", headers=tokens["first"]).json["items"]] == [rfq_id]

    for name, price, lead_time in (("first", "4100.50", 5), ("second", "3990.00", 12)):
        sent = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=quote_body(price, lead_time),
                           headers=tokens[name] | {"Idempotency-Key": f"quote-{name}"})
        assert sent.status_code == 201, sent.json
    compared = client.get(f"/api/v1/rfqs/{rfq_id}/comparison", headers=tokens["buyer"]).json
    assert [(r["quote"]["unit_price"], r["quote"]["total"], r["cheapest"], r["fastest"]) for r in compared["rows"]] == [
        ("3990.00", "798000.00", True, False), ("4100.50", "820100.00", False, True)]
    cheap = compared["rows"][0]["quote"]["id"]

    accept = f"/api/v1/quotes/{cheap}/accept"
    order = client.post(accept, headers=tokens["buyer"] | {"Idempotency-Key": "accept-1"})
    replay = client.post(accept, headers=tokens["buyer"] | {"Idempotency-Key": "accept-1"})
    second = client.post(accept, headers=tokens["buyer"] | {"Idempotency-Key": "accept-2"})
    assert order.status_code == 201 and replay.json["id"] == order.json["id"]
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert second.status_code == 409 and second.content_type == "application/problem+json"
    assert count(Order) == 1
    assert (order.json["status"], order.json["total"], order.json["currency"]) == ("placed", "798000.00", "CNY")

    confirmed = client.post(f"/api/v1/orders/{order.json['id']}/confirm", headers=tokens["second"])
    assert confirmed.status_code == 200
    seen = client.get(f"/api/v1/orders/{order.json['id']}", headers=tokens["buyer"]).json
    assert seen["status"] == "awaiting_payment"
    assert [change["to_status"] for change in seen["history"]] == ["placed", "confirmed", "awaiting_payment"]
    assert seen["lines"][0] == {"listing_id": None, "description": "HRB400E 螺纹钢 200 吨", "quantity": "200",
                                "unit": "t", "unit_price": "3990.00", "line_total": "798000.00"}


def test_a_quote_after_the_deadline_is_a_422_that_changes_nothing(client, tokens):
    rfq_id = client.post("/api/v1/rfqs", json=rfq_body(), headers=tokens["buyer"]).json["id"]
    rfq = db.session.scalar(select(Rfq).where(Rfq.public_id == rfq_id))
    rfq.deadline = utcnow() - timedelta(seconds=1)
    db.session.commit()
    audit_before = count(AuditRecord)

    late = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=quote_body("3990", 5), headers=tokens["first"])

    assert late.status_code == 422 and late.content_type == "application/problem+json"
    assert "closed at" in late.json["detail"] and "rfq" in late.json["errors"]
    assert count(Quote) == 0 and count(AuditRecord) == audit_before


@pytest.mark.parametrize("price", ["-3990", "0"])
def test_a_price_not_above_zero_is_a_422_with_the_field_named(client, tokens, price):
    rfq_id = client.post("/api/v1/rfqs", json=rfq_body(), headers=tokens["buyer"]).json["id"]
    refused = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=quote_body(price, 5), headers=tokens["first"])
    assert refused.status_code == 422
    assert refused.json["errors"]["unit_price"] == ["The price must be above zero."]
    assert count(Quote) == 0


def test_a_deadline_in_the_past_and_a_missing_field_are_refused(client, tokens):
    past = client.post("/api/v1/rfqs", json=rfq_body(deadline=(utcnow() - timedelta(days=1)).isoformat(),
                                                     quantity="-200"), headers=tokens["buyer"])
    missing = client.post("/api/v1/rfqs", json={"title": "rebar"}, headers=tokens["buyer"])
    assert past.status_code == 422 and {"deadline", "quantity"} <= set(past.json["errors"])
    assert missing.status_code == 422 and {"category", "quantity", "deadline"} <= set(missing.json["errors"])
    assert count(Rfq) == 0


def test_a_supplier_cannot_quote_on_its_own_rfq(client, tokens):
    rfq_id = client.post("/api/v1/rfqs", json=rfq_body(), headers=tokens["first"]).json["id"]
    refused = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=quote_body("3990", 5), headers=tokens["first"])
    assert refused.status_code == 422 and count(Quote) == 0


def test_a_supplier_withdraws_its_quote_and_the_buyer_cannot_accept_it(client, tokens):
    rfq_id = client.post("/api/v1/rfqs", json=rfq_body(), headers=tokens["buyer"]).json["id"]
    quote_id = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=quote_body("3990", 5), headers=tokens["first"]).json["id"]
    assert client.post(f"/api/v1/quotes/{quote_id}/withdraw", headers=tokens["first"]).json["status"] == "withdrawn"
    refused = client.post(f"/api/v1/quotes/{quote_id}/accept", headers=tokens["buyer"])
    assert refused.status_code == 422 and count(Order) == 0


def test_inquiry_thread_through_the_api(client, world, buyer, seller, rebar):
    buying = {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, SCOPES)}"}
    selling = {"Authorization": f"Bearer {world.token(owner_of(seller), seller, SCOPES)}"}
    sent = client.post("/api/v1/inquiries", json={"listing": rebar.public_id, "body": "80 t by Friday?", "quantity": "80"},
                       headers=buying)
    assert sent.status_code == 201 and sent.json["supplier_id"] == seller.public_id
    inquiry = sent.json["id"]
    assert client.post(f"/api/v1/inquiries/{inquiry}/messages", json={"body": "Yes."}, headers=selling).status_code == 201
    quoted = client.post(f"/api/v1/inquiries/{inquiry}/quotes", json=quote_body("3950", 3) | {"quantity": "80"},
                         headers=selling)
    assert quoted.status_code == 201 and quoted.json["inquiry_id"] == inquiry
    thread = client.get(f"/api/v1/inquiries/{inquiry}", headers=buying).json
    assert [m["body"] for m in thread["messages"]] == ["80 t by Friday?", "Yes."]
    assert client.get("/api/v1/inquiries", headers=selling).json["items"][0]["id"] == inquiry
    order = client.post(f"/api/v1/quotes/{quoted.json['id']}/accept", headers=buying)
    assert order.status_code == 201 and order.json["lines"][0]["listing_id"] == rebar.public_id
