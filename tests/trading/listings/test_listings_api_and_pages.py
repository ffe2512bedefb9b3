"""Listed-price purchase through the API (idempotent) and the web pages."""
import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.listings.test_purchase import offer
from tests.web.conftest import text_of
from trading.contracts.models import Contract

OFFER = {"floor": "steel", "title": "HRB400E 螺纹钢 Φ20 9m 非标定尺", "quantity": "300", "minimum_purchase": "50",
         "price": "3950.00", "delivery_place": "天津港散货物流中心", "delivery_month": "2026-12",
         "spec": {"product": "rebar", "grade": "HRB400E", "diameter_mm": 20, "length_m": "9"}}


def bearer(token, key=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers


@pytest.fixture
def seller_token(world, seller):
    return world.token(owner_of(seller), seller, ["trading:read", "trading:write"])


@pytest.fixture
def buyer_token(world, buyer):
    return world.token(owner_of(buyer), buyer, ["trading:read", "trading:write"])


def test_a_seller_lists_and_a_buyer_buys_through_the_api_and_a_retry_buys_once(client, seller_token, buyer_token):
    listed = client.post("/api/v1/floor-listings", json=OFFER, headers=bearer(seller_token, "lot-1"))
    assert listed.status_code == 201
    lot = listed.json
    assert (lot["price"], lot["currency"], lot["remaining"], lot["unit"], lot["status"]) == (
        "3950.00", "CNY", "300", "t", "open")

    first = client.post(f"/api/v1/floor-listings/{lot['id']}/purchases", json={"quantity": "120"},
                        headers=bearer(buyer_token, "buy-120"))
    retry = client.post(f"/api/v1/floor-listings/{lot['id']}/purchases", json={"quantity": "120"},
                        headers=bearer(buyer_token, "buy-120"))

    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json == first.json
    contract = first.json["contract"]
    assert (contract["status"], contract["quantity"], contract["amount"], contract["price"]) == (
        "awaiting_payment", "120", "474000.00", "3950.00")
    assert first.json["listing"]["remaining"] == "180"
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1
    assert client.get(f"/api/v1/floor-listings/{lot['id']}").json["remaining"] == "180"


def test_api_refusals_are_problems_naming_the_field(client, seller, seller_token, buyer_token):
    lot = offer(seller)

    off_tick = client.post("/api/v1/floor-listings", json={**OFFER, "price": "3950.55"}, headers=bearer(seller_token))
    too_much = client.post(f"/api/v1/floor-listings/{lot.public_id}/purchases", json={"quantity": "301"},
                           headers=bearer(buyer_token))
    own = client.post(f"/api/v1/floor-listings/{lot.public_id}/purchases", json={"quantity": "50"},
                      headers=bearer(seller_token))

    assert off_tick.status_code == 422 and off_tick.content_type == "application/problem+json"
    assert "price" in off_tick.json["errors"]
    assert too_much.status_code == 422 and "quantity" in too_much.json["errors"]
    assert own.status_code == 422 and "listing" in own.json["errors"]


def test_anyone_reads_the_open_lots_of_a_floor_and_the_seller_withdraws_one(client, seller, seller_token):
    kept = offer(seller)
    gone = offer(seller, title="Q235B 盘螺")
    withdrawn_now = client.post(f"/api/v1/floor-listings/{gone.public_id}/withdraw", headers=bearer(seller_token))
    assert withdrawn_now.status_code == 200 and withdrawn_now.json["status"] == "withdrawn"

    page = client.get("/api/v1/floor-listings?floor=steel")
    withdrawn = client.get(f"/api/v1/floor-listings?status=withdrawn&seller={seller.public_id}")

    assert [item["id"] for item in page.json["items"]] == [kept.public_id]
    assert [item["id"] for item in withdrawn.json["items"]] == [gone.public_id]
    assert client.get("/api/v1/floor-listings?seller=ent_nobody").status_code == 422


def test_the_public_floor_api_tells_rules_schema_and_todays_band(world, client):
    from tests.trading.market import list_instrument

    rebar = list_instrument(world.operator(), open_now=False)

    directory = client.get("/api/v1/floors").json["items"]
    steel = client.get("/api/v1/floors/steel").json
    instruments = client.get("/api/v1/floors/steel/instruments").json["items"]
    one = client.get(f"/api/v1/instruments/{rebar.public_id}").json

    assert [floor["code"] for floor in directory] == ["steel", "chemicals", "agriculture", "shipping"]
    assert (steel["tick"], steel["lot_size"], steel["unit"], steel["band_percent"], steel["buyer_fee_bp"]) == (
        "1.00", "10", "t", "5", 5)
    assert steel["sessions"][0] == {"opens": "09:00", "closes": "10:15"}
    assert steel["spec_schema"]["attributes"][1]["name"] == "grade"
    assert set(steel["today"]) == {"trading_day", "open_now", "next_open", "closes_at"}
    assert [item["code"] for item in instruments] == [rebar.code]
    assert one["today_band"] == {"reference": "4000.00", "low": "3800.00", "high": "4200.00", "currency": "CNY"}
    assert client.get("/api/v1/floors/nowhere").status_code == 404


# --- pages ---------------------------------------------------------------------------------------

def test_a_trader_offers_a_lot_on_the_web_and_a_buyer_buys_it_from_the_floor_page(world, client, seller, buyer):
    world.login(client, owner_of(seller))
    choose = client.get(f"/enterprises/{seller.public_id}/floor-listings/new")
    assert "Steel floor" in text_of(choose)
    form = client.get(f"/enterprises/{seller.public_id}/floor-listings/new?floor=steel")
    assert "Diameter (mm)" in text_of(form)
    created = client.post(f"/enterprises/{seller.public_id}/floor-listings/new?floor=steel", data={
        "title": "HRB400E 螺纹钢 Φ20 9m", "spec_product": "rebar", "spec_grade": "HRB400E", "spec_diameter_mm": "20",
        "spec_length_m": "9", "quantity": "300", "minimum_purchase": "50", "price": "3950.00",
        "delivery_place": "天津港散货物流中心", "delivery_month": "2026-12", "delivery_terms": ""})
    assert created.status_code == 302
    mine = text_of(client.get(f"/enterprises/{seller.public_id}/floor-listings"))
    assert "HRB400E 螺纹钢 Φ20 9m" in mine and "300 tonne" in mine
    client.post("/auth/logout")

    world.login(client, owner_of(buyer))
    floor_page = text_of(client.get("/floors/steel"))
    assert "HRB400E 螺纹钢 Φ20 9m" in floor_page and "CN¥3,950.00 / tonne" in floor_page
    listing_id = client.get(f"/api/v1/floor-listings?seller={seller.public_id}").json["items"][0]["id"]
    page = client.get(f"/floors/steel/listings/{listing_id}")
    assert f"Buy as {buyer.name_en}" in text_of(page)

    refused = client.post(f"/enterprises/{buyer.public_id}/floor-listings/{listing_id}/purchase",
                          data={"quantity": "10"})
    assert refused.status_code == 422
    assert "Buy at least 50 tonne, or all 300 tonne that are left." in text_of(refused)

    bought = client.post(f"/enterprises/{buyer.public_id}/floor-listings/{listing_id}/purchase",
                         data={"quantity": "100"}, follow_redirects=True)
    assert db.session.scalar(select(func.count()).select_from(Contract)) == 1
    assert "awaits payment" in text_of(bought)
    assert "200 tonne of 300 tonne" in text_of(bought)


def test_a_bad_offer_comes_back_with_the_spec_error_at_its_field(world, client, seller):
    world.login(client, owner_of(seller))

    response = client.post(f"/enterprises/{seller.public_id}/floor-listings/new?floor=steel", data={
        "title": "Rebar", "spec_product": "rebar", "spec_grade": "", "spec_diameter_mm": "80", "quantity": "300",
        "minimum_purchase": "50", "price": "3950.00", "delivery_place": "天津", "delivery_month": "2026-12"})

    assert response.status_code == 422
    page = text_of(response)
    assert "Enter a value from 6 to 50." in page
    assert "This attribute is required for this category." in page


def test_the_seller_withdraws_a_lot_from_my_listings(world, client, seller):
    lot = offer(seller)
    world.login(client, owner_of(seller))

    client.post(f"/enterprises/{seller.public_id}/floor-listings/{lot.public_id}/withdraw")

    db.session.refresh(lot)
    assert lot.status == "withdrawn"
    assert "No lot is offered here now" in text_of(client.get("/floors/steel"))


def test_the_lot_page_reads_in_chinese(client, seller):
    lot = offer(seller)

    page = text_of(client.get(f"/floors/steel/listings/{lot.public_id}", headers={"Accept-Language": "zh-CN"}))

    assert "牌号" in page and "钢材交易厅" in page and "HRB400E 螺纹钢 Φ20 9m 非标定尺" in page
