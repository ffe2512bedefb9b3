"""Order entry through the API: the rebar journey, retries, and every refusal with its reason."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts import services as accounts
from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from tests.trading.market import trading_token
from trading.book.models import BookCommand, FloorOrder, Trade
from trading.contracts.models import Contract
from trading.floors import services as floors


def order(instrument, side, quantity, price=None, kind="limit"):
    body = {"instrument": instrument.public_id, "side": side, "kind": kind, "quantity": quantity}
    return body | ({"price": price} if price is not None else {})


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def place(client, headers, body, key=None):
    response = client.post("/api/v1/trading/orders", json=body,
                           headers=headers | ({"Idempotency-Key": key} if key else {}))
    assert response.status_code == 201, response.json
    return response.json


def test_two_enterprises_trade_rebar_rest_fill_amend_and_cancel(client, world, selling, buying, third, rebar_2612):
    ask = place(client, selling, order(rebar_2612, "sell", "100", "4000.00"), key="ask-1")
    assert (ask["status"], ask["remaining"], ask["filled"], ask["unit"], ask["price"], ask["currency"]) == (
        "open", "100", "0", "t", "4000.00", "CNY")

    hit = place(client, buying, order(rebar_2612, "buy", "30", kind="market"))
    assert (hit["status"], hit["filled"], hit["remaining"]) == ("filled", "30", "0")
    [fill] = hit["fills"]
    assert (fill["price"], fill["quantity"], fill["liquidity"]) == ("4000.00", "30", "taker")
    assert fill["contract_id"].startswith("ct_")

    mine = client.get(f"/api/v1/trading/orders/{ask['id']}", headers=selling).json
    assert (mine["status"], mine["filled"], mine["remaining"]) == ("partially_filled", "30", "70")
    assert mine["fills"][0]["liquidity"] == "maker" and mine["fills"][0]["contract_id"] == fill["contract_id"]

    queued_behind = trading_token(world, third)
    place(client, queued_behind, order(rebar_2612, "sell", "20", "4000.00"))
    place(client, queued_behind, order(rebar_2612, "sell", "20", "4010.00"))

    smaller = client.patch(f"/api/v1/trading/orders/{ask['id']}", json={"quantity": "50"},
                           headers=selling | {"Idempotency-Key": "amend-1"})
    assert smaller.status_code == 200 and (smaller.json["remaining"], smaller.json["quantity"]) == ("50", "80")
    first_in_line = place(client, buying, order(rebar_2612, "buy", "10", kind="market"))
    assert first_in_line["fills"][0]["id"] in [f["id"] for f in client.get(
        f"/api/v1/trading/orders/{ask['id']}", headers=selling).json["fills"]], "lowering the quantity keeps the place"

    repriced = client.patch(f"/api/v1/trading/orders/{ask['id']}", json={"price": "4010.00"}, headers=selling)
    assert (repriced.json["price"], repriced.json["remaining"]) == ("4010.00", "40")
    sweep = place(client, buying, order(rebar_2612, "buy", "40", "4010.00", kind="ioc"))
    assert sweep["filled"] == "40" and [f["price"] for f in sweep["fills"]] == ["4000.00", "4010.00"]
    after_sweep = client.get(f"/api/v1/trading/orders/{ask['id']}", headers=selling).json
    assert after_sweep["filled"] == "40", "a new price sends the order behind the one already at that price"

    cancelled = client.post(f"/api/v1/trading/orders/{ask['id']}/cancel", headers=selling | {"Idempotency-Key": "c-1"})
    assert (cancelled.json["status"], cancelled.json["remaining"], cancelled.json["filled"]) == ("cancelled", "0", "40")
    assert cancelled.json["reason"] == "requested" and cancelled.json["reason_text"]
    again = client.post(f"/api/v1/trading/orders/{ask['id']}/cancel", headers=selling)
    assert again.status_code == 422 and "order" in again.json["errors"]

    seller_contracts = client.get("/api/v1/contracts", headers=selling).json["items"]
    buyer_contracts = client.get("/api/v1/contracts", headers=buying).json["items"]
    assert [c["quantity"] for c in seller_contracts] == ["10", "30"], "newest first"
    assert [c["quantity"] for c in buyer_contracts] == ["20", "20", "10", "30"]
    assert {c["status"] for c in seller_contracts + buyer_contracts} == {"awaiting_payment"}
    assert seller_contracts[1]["id"] == fill["contract_id"] and seller_contracts[1]["amount"] == "120000.00"


def test_a_retried_order_with_the_same_key_is_placed_once(client, selling, rebar_2612):
    body = order(rebar_2612, "sell", "100", "4000.00")
    first = client.post("/api/v1/trading/orders", json=body, headers=selling | {"Idempotency-Key": "erp-77"})
    again = client.post("/api/v1/trading/orders", json=body, headers=selling | {"Idempotency-Key": "erp-77"})

    assert first.status_code == again.status_code == 201 and again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(FloorOrder) == 1 and count(BookCommand) == 1


@pytest.mark.parametrize("body_changes, field, words", [
    ({"price": "4300.00"}, "price", "band"),
    ({"price": "4000.50"}, "price", "tick"),
    ({"price": "4000.001"}, "price", "decimals"),
    ({"quantity": "15"}, "quantity", "lots of 10"),
    ({"quantity": "0"}, "quantity", "lots of 10"),
    ({"quantity": "6000"}, "quantity", "at most"),
    ({"quantity": 15}, "quantity", "string"),
    ({"price": None}, "price", "above zero"),
    ({"side": "short"}, "side", ""),
    ({"kind": "stop"}, "kind", ""),
    ({"instrument": "ins_nosuchinstrument0000"}, "instrument", "no such instrument"),
])
def test_an_order_breaking_a_rule_is_refused_naming_the_field_and_nothing_is_stored(
        client, selling, rebar_2612, body_changes, field, words):
    refused = client.post("/api/v1/trading/orders", json=order(rebar_2612, "sell", "100", "4000.00") | body_changes,
                          headers=selling | {"Idempotency-Key": "refused-1"})

    assert refused.status_code == 422 and refused.content_type == "application/problem+json"
    assert words in " ".join(refused.json["errors"][field])
    assert count(FloorOrder) == 0 and count(BookCommand) == 0


def test_outside_the_session_an_order_is_refused_with_the_next_opening(client, selling, rebar_2612):
    floor = floors.floor_by_code("steel")
    today = utcnow().astimezone(SHANGHAI).date()
    floor.closed_dates = [today.isoformat()]
    db.session.commit()

    refused = client.post("/api/v1/trading/orders", json=order(rebar_2612, "sell", "100", "4000.00"), headers=selling)

    assert refused.status_code == 422
    assert f"opens next at {(today + timedelta(days=1)).isoformat()} 00:00" in refused.json["errors"]["order"][0]
    assert count(FloorOrder) == 0


def test_an_enterprise_no_longer_verified_cannot_trade_through_the_api(client, world, seller, selling, rebar_2612):
    accounts.change_enterprise_status(world._operator(), seller.public_id, "suspended", reason="licence expired")

    refused = client.post("/api/v1/trading/orders", json=order(rebar_2612, "sell", "100", "4000.00"), headers=selling)

    assert refused.status_code == 403 and "not verified" in refused.json["detail"]
    assert count(FloorOrder) == 0


def test_an_order_that_would_trade_with_its_own_enterprise_is_refused_and_stores_nothing(client, selling,
                                                                                          rebar_2612):
    place(client, selling, order(rebar_2612, "sell", "100", "4000.00"))

    own = client.post("/api/v1/trading/orders", json=order(rebar_2612, "buy", "30", "4000.00"), headers=selling)

    assert own.status_code == 422 and "your own enterprise" in own.json["errors"]["order"][0]
    assert count(FloorOrder) == 1 and count(Trade) == 0 and count(Contract) == 0


@pytest.mark.parametrize("kind, reason", [("fok", "fok_unfillable"), ("post_only", "would_take_liquidity")])
def test_an_order_the_book_cannot_take_as_asked_is_kept_as_rejected_with_the_reason(client, selling, buying, rebar_2612,
                                                                                  kind, reason):
    place(client, selling, order(rebar_2612, "sell", "20", "4000.00"))

    refused = place(client, buying, order(rebar_2612, "buy", "30", "4000.00", kind=kind))

    assert (refused["status"], refused["reason"], refused["filled"]) == ("rejected", reason, "0")
    assert refused["reason_text"] and count(Trade) == 0


def test_an_amendment_breaking_a_rule_is_refused_and_the_order_stays(client, selling, rebar_2612):
    ask = place(client, selling, order(rebar_2612, "sell", "100", "4000.00"))

    for changes, field in (({"price": "4300.00"}, "price"), ({"quantity": "15"}, "quantity"),
                           ({"price": "1.234"}, "price"), ({}, "price")):
        refused = client.patch(f"/api/v1/trading/orders/{ask['id']}", json=changes, headers=selling)
        assert refused.status_code == 422 and field in refused.json["errors"]

    kept = client.get(f"/api/v1/trading/orders/{ask['id']}", headers=selling).json
    assert (kept["price"], kept["remaining"]) == ("4000.00", "100") and count(BookCommand) == 1


def test_orders_are_listed_by_instrument_and_status_and_others_are_not_seen(client, selling, buying, rebar_2612):
    first = place(client, selling, order(rebar_2612, "sell", "10", "4000.00"))
    place(client, selling, order(rebar_2612, "sell", "10", "4001.00"))
    place(client, buying, order(rebar_2612, "buy", "10", kind="market"))

    page = client.get(f"/api/v1/trading/orders?instrument={rebar_2612.public_id}&limit=1", headers=selling)
    rest = client.get(f"/api/v1/trading/orders?limit=1&cursor={page.json['next_cursor']}", headers=selling)
    assert page.json["items"][0]["id"] == first["id"] and 'rel="next"' in page.headers["Link"]
    assert rest.json["items"][0]["price"] == "4001.00"
    live = client.get("/api/v1/trading/orders?live=true", headers=selling).json["items"]
    assert [o["price"] for o in live] == ["4001.00"]
    assert [o["id"] for o in client.get("/api/v1/trading/orders?status=filled", headers=selling).json["items"]] == [
        first["id"]]
    assert client.get(f"/api/v1/trading/orders/{first['id']}", headers=buying).status_code == 404
