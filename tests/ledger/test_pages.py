"""The ledger as people read it: an enterprise's balances and statement (web and API), the platform's books."""
from datetime import timedelta

import pytest
import requests

from marketplace.escrow import services as escrow
from tests.builders import owner_of
from tests.ledger.test_verify import tamper
from tests.settlement.fixtures import deliver_all, pay_in_full


@pytest.fixture
def paid(steel_deal, buyer):
    """The steel deal paid in two parts: CNY 400,200.00 (goods and the buyer's fee) in escrow."""
    pay_in_full(buyer, steel_deal.public_id)
    return steel_deal


@pytest.fixture
def released(paid, buyer, seller):
    delivery = deliver_all(buyer, seller, paid.public_id)
    escrow.release_delivery(delivery.public_id, now=delivery.inspection_ends_at + timedelta(seconds=1))
    return paid


def ledger_page(client, world, user, enterprise):
    world.login(client, user)
    return client.get(f"/enterprises/{enterprise.public_id}/ledger")


def test_the_buyer_sees_its_money_in_escrow_and_each_payment_with_its_contract(client, world, buyer, paid):
    page = ledger_page(client, world, owner_of(buyer), buyer)

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-account="in_escrow">CN¥400,200.00' in html
    assert 'data-account="available">CN¥0.00' in html
    assert html.count("Payment received") == 2 and "+CN¥80,040.00" in html and "+CN¥320,160.00" in html
    assert f'/enterprises/{buyer.public_id}/contracts/{paid.public_id}"' in html


def test_after_the_release_the_seller_is_owed_the_amount_less_the_fees(client, world, seller, buyer, released):
    deal = escrow.escrow_for(seller, released.public_id)

    html = ledger_page(client, world, owner_of(seller), seller).get_data(as_text=True)

    assert f'data-account="payable">CN¥{(deal.due_minor - deal.fee_minor) / 100:,.2f}' in html
    assert "Released to the seller" in html
    buyer_html = ledger_page(client, world, owner_of(buyer), buyer).get_data(as_text=True)
    assert 'data-account="in_escrow">CN¥0.00' in buyer_html and "-CN¥400,200.00" in buyer_html


def test_an_enterprise_with_nothing_booked_sees_so(client, world, buyer):
    html = ledger_page(client, world, owner_of(buyer), buyer).get_data(as_text=True)

    assert "Nothing booked yet" in html and "No entries yet" in html


def test_others_cannot_read_an_enterprises_ledger_but_a_regulator_can(client, world, buyer, seller, paid):
    assert ledger_page(client, world, owner_of(seller), buyer).status_code == 403
    assert ledger_page(client, world, world.regulator(), buyer).status_code == 200


def test_the_chinese_page_shows_amounts_as_chinese_readers_write_them(client, world, buyer, paid):
    world.login(client, owner_of(buyer))

    page = client.get(f"/enterprises/{buyer.public_id}/ledger", headers={"Accept-Language": "zh-CN"})

    assert 'data-account="in_escrow">¥400,200.00' in page.get_data(as_text=True)


# --- API -----------------------------------------------------------------------------------------

def settlement_token(world, enterprise):
    return {"Authorization": f"Bearer {world.token(owner_of(enterprise), enterprise, ['settlement:read'])}"}


def test_the_api_gives_balances_per_currency(client, world, buyer, seller, released):
    deal = escrow.escrow_for(seller, released.public_id)

    assert client.get("/api/v1/ledger/balances", headers=settlement_token(world, buyer)).json == [
        {"currency": "CNY", "available": "0.00", "in_escrow": "0.00", "payable": "0.00"}]
    assert client.get("/api/v1/ledger/balances", headers=settlement_token(world, seller)).json == [
        {"currency": "CNY", "available": "0.00", "in_escrow": "0.00",
         "payable": f"{(deal.due_minor - deal.fee_minor) / 100:.2f}"}]


def test_the_api_gives_entries_newest_first_page_by_page(client, world, buyer, paid):
    headers = settlement_token(world, buyer)

    first = client.get("/api/v1/ledger/entries?limit=1", headers=headers)
    rest = client.get(f"/api/v1/ledger/entries?cursor={first.json['next_cursor']}", headers=headers)

    [balance] = first.json["items"]
    assert {key: balance[key] for key in ("kind", "account", "currency", "amount", "deal", "deal_type")} == {
        "kind": "capture", "account": "in_escrow", "currency": "CNY", "amount": "320160.00", "deal": paid.public_id,
        "deal_type": "contract"}
    assert balance["transaction"].startswith("ltx_") and balance["booked_at"] and 'rel="next"' in first.headers["Link"]
    assert [e["amount"] for e in rest.json["items"]] == ["80040.00"] and rest.json["next_cursor"] is None


def test_the_api_filters_entries_by_account_and_refuses_an_unknown_one(client, world, buyer, paid):
    headers = settlement_token(world, buyer)

    assert client.get("/api/v1/ledger/entries?account=payable", headers=headers).json["items"] == []
    assert len(client.get("/api/v1/ledger/entries?account=in_escrow", headers=headers).json["items"]) == 2
    refused = client.get("/api/v1/ledger/entries?account=fee_income", headers=headers)
    assert refused.status_code == 422 and "account" in refused.json["errors"]


def test_an_enterprise_without_entries_gets_empty_lists(client, world, buyer):
    headers = settlement_token(world, buyer)

    assert client.get("/api/v1/ledger/balances", headers=headers).json == []
    assert client.get("/api/v1/ledger/entries", headers=headers).json == {"items": [], "next_cursor": None}


# --- the platform's books --------------------------------------------------------------------------

def test_the_operator_sees_the_platform_accounts_and_that_the_books_hold(client, world, released):
    world.login(client, world.operator())

    html = client.get("/operator/ledger").get_data(as_text=True)

    assert 'data-account="fee_income">CN¥' in html and 'data-account="gateway_clearing">CN¥400,200.00' in html
    assert "The ledger holds: 3 transactions and 7 entries" in html
    assert "Reconcile now" in html and "No reconciliation yet" in html


def test_the_operator_reconciles_with_the_gateway_and_reads_the_result(client, world, paid):
    world.login(client, world.operator())

    response = client.post("/operator/ledger/reconciliations", follow_redirects=True)

    html = response.get_data(as_text=True)
    assert "The books agree with the gateway: 2 payment intents checked." in html
    assert "No difference" in html


def test_a_difference_is_listed_under_its_run(client, world, paid, local_gateway):
    requests.delete(f"{local_gateway.base_url}/_config/data", timeout=5)
    world.login(client, world.operator())

    html = client.post("/operator/ledger/reconciliations", follow_redirects=True).get_data(as_text=True)

    assert "2 differences between the books and the gateway" in html
    assert html.count("Booked, not captured at the gateway") == 2


def test_the_page_shows_where_the_books_break(client, world, paid):
    tamper()
    world.login(client, world.operator())

    html = client.get("/operator/ledger").get_data(as_text=True)

    assert "transaction tampered:1 does not balance in CNY: off by 100" in html
    assert "The ledger holds" not in html


def test_a_regulator_reads_the_platform_books_but_does_not_reconcile(client, world, paid):
    world.login(client, world.regulator())

    assert client.get("/operator/ledger").status_code == 200
    assert "Reconcile now" not in client.get("/operator/ledger").get_data(as_text=True)
    assert client.post("/operator/ledger/reconciliations").status_code == 403
