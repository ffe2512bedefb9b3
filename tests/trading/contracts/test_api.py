"""Contracts through the API: each party sees its contracts, newest first, with the full terms."""
from tests.trading.market import trading_token
from trading.book import services as book


def test_both_parties_see_each_fill_as_a_contract_awaiting_payment(client, world, seller, buyer, two_fills):
    for enterprise, other in ((seller, buyer), (buyer, seller)):
        listed = client.get("/api/v1/contracts", headers=trading_token(world, enterprise)).json
        assert [(c["quantity"], c["price"], c["status"]) for c in listed["items"]] == [
            ("20", "4010.00", "awaiting_payment"), ("30", "4000.00", "awaiting_payment")]
        assert {c["seller"]["id"] for c in listed["items"]} == {seller.public_id}
        assert {c["buyer"]["id"] for c in listed["items"]} == {buyer.public_id}


def test_a_contract_carries_the_terms_of_the_fill(client, world, buyer, two_fills, rebar_2612):
    [trade] = book.trades_of_order(two_fills[0])
    headers = trading_token(world, buyer)
    contract_id = client.get("/api/v1/contracts", headers=headers).json["items"][-1]["id"]

    contract = client.get(f"/api/v1/contracts/{contract_id}", headers=headers).json

    assert (contract["quantity"], contract["unit"], contract["price"], contract["currency"]) == (
        "30", "t", "4000.00", "CNY")
    assert (contract["amount"], contract["buyer_fee"], contract["seller_fee"]) == ("120000.00", "60.00", "60.00")
    assert contract["spec"]["grade"] == "HRB400E" and contract["floor"] == "steel"
    assert (contract["delivery_place"], contract["delivery_month"]) == ("天津港散货物流中心", "2026-12")
    assert "VAT invoice" in contract["delivery_terms"]
    assert contract["source"] == "trade" and contract["source_ids"] == {
        "trade": trade.public_id, "auction": None, "listing": None}
    assert contract["instrument"] == rebar_2612.public_id and contract["status"] == "awaiting_payment"


def test_contracts_come_page_by_page_and_filter_by_status(client, world, buyer, two_fills):
    headers = trading_token(world, buyer)
    first = client.get("/api/v1/contracts?limit=1", headers=headers)
    rest = client.get(f"/api/v1/contracts?limit=1&cursor={first.json['next_cursor']}", headers=headers)

    assert first.json["items"][0]["quantity"] == "20" and 'rel="next"' in first.headers["Link"]
    assert rest.json["items"][0]["quantity"] == "30" and rest.json["next_cursor"] is None
    assert len(client.get("/api/v1/contracts?status=awaiting_payment", headers=headers).json["items"]) == 2
    assert client.get("/api/v1/contracts?status=paid", headers=headers).json["items"] == []
    forged = client.get("/api/v1/contracts?cursor=MTIz.forged", headers=headers)
    assert forged.status_code == 422 and "cursor" in forged.json["errors"]


def test_a_contract_of_others_is_not_found(client, world, buyer, two_fills):
    contract_id = client.get("/api/v1/contracts", headers=trading_token(world, buyer)).json["items"][0]["id"]
    outsider = world.enterprise()

    assert client.get(f"/api/v1/contracts/{contract_id}", headers=trading_token(world, outsider)).status_code == 404
    assert client.get("/api/v1/contracts", headers=trading_token(world, outsider)).json["items"] == []
