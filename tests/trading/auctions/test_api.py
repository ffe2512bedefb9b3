"""Auctions through the API, as a buyer's and suppliers' ERP would: the urea tender from announcement to
contract, sealed bids hidden from the public, refusals as problem+json, retries that never bid twice."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.auctions.auctions import terms
from trading.auctions import services
from trading.auctions.models import AuctionBid
from trading.contracts.models import Contract

SCOPES = ["trading:read", "trading:write"]


@pytest.fixture
def tokens(world, buyer):
    suppliers = [world.enterprise(kinds=("supplier",)) for _ in range(3)]
    enterprises = {"buyer": buyer, "cangzhou": suppliers[0], "dagang": suppliers[1], "hebei": suppliers[2]}
    return {name: {"Authorization": f"Bearer {world.token(owner_of(e), e, SCOPES)}"}
            for name, e in enterprises.items()}, enterprises


def announcement(kind, **changes):
    body = terms(kind, **changes)
    body["floor"], body["kind"] = body.pop("floor_code"), kind
    body["closes_at"] = (utcnow() + timedelta(hours=1)).isoformat()
    return {name: value for name, value in body.items() if value is not None}


def test_the_urea_tender_through_the_api(client, tokens):
    headers, enterprises = tokens
    posted = client.post("/api/v1/auctions", json=announcement("reverse"),
                         headers=headers["buyer"] | {"Idempotency-Key": "tender-1"})
    assert posted.status_code == 201, posted.json
    tender = posted.json
    assert (tender["kind"], tender["quantity"], tender["unit"], tender["reserve"], tender["currency"]) == (
        "reverse", "5000", "t", "2600.00", "CNY")
    offers = f"/api/v1/auctions/{tender['id']}/bids"

    for name, price in (("cangzhou", "2550.00"), ("dagang", "2500.00"), ("hebei", "2450.00")):
        sent = client.post(offers, json={"price": price}, headers=headers[name] | {"Idempotency-Key": f"offer-{name}"})
        assert sent.status_code == 201, sent.json
    retried = client.post(offers, json={"price": "2450.00"},
                          headers=headers["hebei"] | {"Idempotency-Key": "offer-hebei"})
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert db.session.scalar(select(func.count()).select_from(AuctionBid)) == 3

    too_high = client.post(offers, json={"price": "2449.00"}, headers=headers["cangzhou"])
    assert too_high.status_code == 422 and too_high.content_type == "application/problem+json"
    assert "at most CN¥2,445.00" in too_high.json["errors"]["price"][0]

    public = client.get(f"/api/v1/auctions/{tender['id']}").json
    assert [(b["price"], b["bidder_id"]) for b in public["bids"]] == [
        ("2550.00", None), ("2500.00", None), ("2450.00", None)]
    assert public["best"] == "2450.00"
    lowest = public["bids"][2]["id"]

    by_supplier = client.post(f"{offers}/{lowest}/disqualify", json={"reason": "No SDS"}, headers=headers["dagang"])
    assert by_supplier.status_code == 403
    disqualified = client.post(f"{offers}/{lowest}/disqualify", json={"reason": "CAS certificate missing"},
                               headers=headers["buyer"] | {"Idempotency-Key": "dq-1"})
    assert disqualified.status_code == 200 and disqualified.json["disqualified_reason"] == "CAS certificate missing"
    seen_by_buyer = client.get(f"/api/v1/auctions/{tender['id']}", headers=headers["buyer"]).json
    assert seen_by_buyer["best"] == "2500.00"
    assert seen_by_buyer["bids"][1]["bidder_id"] == enterprises["dagang"].public_id

    services.close_due_auctions(now=utcnow() + timedelta(hours=2))

    closed = client.get(f"/api/v1/auctions/{tender['id']}", headers=headers["buyer"]).json
    assert (closed["status"], closed["outcome"], closed["winner_id"], closed["best"]) == (
        "closed", "awarded", enterprises["dagang"].public_id, "2500.00")
    contract = db.session.scalar(select(Contract))
    assert closed["contract_id"] == contract.public_id and contract.status == "awaiting_payment"
    assert client.get(f"/api/v1/auctions/{tender['id']}").json["contract_id"] is None


def test_sealed_bids_are_hidden_from_the_public_and_the_owner_until_the_close(client, tokens):
    headers, _enterprises = tokens
    auction = client.post("/api/v1/auctions", json=announcement("sealed"), headers=headers["buyer"]).json
    client.post(f"/api/v1/auctions/{auction['id']}/bids", json={"price": "4300.00"}, headers=headers["cangzhou"])

    for caller in ({}, headers["buyer"], headers["dagang"]):
        seen = client.get(f"/api/v1/auctions/{auction['id']}", headers=caller).json
        assert (seen["bids"], seen["bid_count"], seen["best"]) == ([], 1, None)
    own = client.get(f"/api/v1/auctions/{auction['id']}", headers=headers["cangzhou"]).json
    assert [(b["price"], b["mine"]) for b in own["bids"]] == [("4300.00", True)]


def test_the_list_filters_by_floor_kind_and_status(client, tokens):
    headers, _enterprises = tokens
    tender = client.post("/api/v1/auctions", json=announcement("reverse"), headers=headers["buyer"]).json
    client.post("/api/v1/auctions", json=announcement("english"), headers=headers["cangzhou"])

    listed = client.get("/api/v1/auctions?floor=chemicals&kind=reverse&status=open").json
    assert [item["id"] for item in listed["items"]] == [tender["id"]]
    assert len(client.get("/api/v1/auctions?limit=1").json["items"]) == 1
    assert client.get("/api/v1/auctions?kind=dutch").status_code == 422


def test_a_bad_announcement_gets_field_errors_and_stores_nothing(client, tokens):
    headers, _enterprises = tokens
    body = announcement("english", increment=None, spec={"product": "rebar", "grade": "HRB999"}, quantity="-5")
    refused = client.post("/api/v1/auctions", json=body, headers=headers["buyer"])

    assert refused.status_code == 422
    assert {"increment", "spec.grade", "quantity"} <= set(refused.json["errors"])
    assert client.get("/api/v1/auctions").json["items"] == []


def test_writing_needs_a_trading_token(client, tokens):
    assert client.post("/api/v1/auctions", json=announcement("english")).status_code == 401
