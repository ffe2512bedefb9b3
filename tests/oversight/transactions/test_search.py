"""A regulator searches every trade by enterprise, floor and amount, pages through it, downloads it, and is logged."""
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.oversight.exports.models import OversightAccess
from tests.builders import owner_of


def test_a_regulator_finds_the_trade_by_enterprise_and_floor_on_the_page(client, world, traded, buyer, seller):
    world.login(client, world.regulator())

    response = client.get("/oversight/transactions", query_string={"kind": "trade", "enterprise": buyer.credit_code,
                                                                   "floor": "steel"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert seller.public_id in page and buyer.public_id in page
    assert "40,120.00" in page and "10 t" in page  # 10 t at 4,012.00, the amount with its currency
    logged = db.session.scalar(select(OversightAccess).where(OversightAccess.view == "transaction_search"))
    assert logged.subject == buyer.public_id and logged.channel == "web"


def test_an_amount_range_that_excludes_the_trade_finds_nothing(client, world, traded, buyer):
    world.login(client, world.regulator())

    response = client.get("/oversight/transactions", query_string={"kind": "trade", "min_amount": "50000"})

    assert response.status_code == 200
    assert "No transaction matches these filters." in response.get_data(as_text=True)


def test_contradicting_filters_come_back_on_the_form_with_the_reason(client, world, traded):
    world.login(client, world.regulator())

    response = client.get("/oversight/transactions", query_string={"start": "2026-05-02", "end": "2026-05-01"})

    assert response.status_code == 422
    assert "The period ends before it starts." in response.get_data(as_text=True)
    assert db.session.scalar(select(OversightAccess)) is None


def test_the_csv_lists_every_order_and_the_export_is_logged(client, world, traded, seller):
    world.login(client, world.regulator())

    response = client.get("/oversight/transactions.csv", query_string={"kind": "floor_order"})

    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert response.mimetype == "text/csv"
    assert lines[0].startswith("kind,reference,at")
    assert len(lines) == 3  # the sell order and the buy order
    assert any(seller.public_id in line and ",sell," in line for line in lines)
    assert db.session.scalar(select(OversightAccess.channel)) == "export"


def test_the_api_pages_through_the_orders_with_a_cursor(client, world, traded, regulator_api):
    first = client.get("/api/v1/oversight/transactions?kind=floor_order&limit=1", headers=regulator_api)
    body = first.get_json()
    second = client.get(f"/api/v1/oversight/transactions?kind=floor_order&limit=1&cursor={body['next_cursor']}",
                        headers=regulator_api).get_json()

    assert first.status_code == 200
    assert len(body["items"]) == 1 and len(second["items"]) == 1
    assert body["items"][0]["reference"] != second["items"][0]["reference"]
    assert second["next_cursor"] is None
    assert db.session.scalar(select(OversightAccess.channel)) == "api"


def test_the_api_refuses_an_unknown_enterprise_with_a_field_error(client, world, regulator_api):
    response = client.get("/api/v1/oversight/transactions?enterprise=91120116MA0000000X", headers=regulator_api)

    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "enterprise" in response.get_json()["errors"]


def test_an_enterprise_user_cannot_search(client, world, traded, seller):
    world.login(client, owner_of(seller))

    assert client.get("/oversight/transactions").status_code == 403


def test_catalog_orders_are_found_by_amount_and_never_by_floor(client, world, buyer, seller, rebar, regulator_api):
    buying = {"Authorization": f"Bearer {world.token(owner_of(buyer), buyer, ['orders:read', 'orders:write'])}"}
    placed = client.post("/api/v1/orders", headers=buying, json={
        "listing": rebar.public_id, "quantity": "200", "delivery_address": "天津市滨海新区临港经济区"})
    assert placed.status_code == 201, placed.get_json()

    in_range = client.get("/api/v1/oversight/transactions?kind=catalog_order&min_amount=778000&max_amount=778000",
                          headers=regulator_api).get_json()
    on_a_floor = client.get("/api/v1/oversight/transactions?kind=catalog_order&floor=steel",
                            headers=regulator_api).get_json()

    assert [(row["buyer"], row["seller"], row["amount_minor"]) for row in in_range["items"]] == [
        (buyer.public_id, seller.public_id, 77800000)]
    assert on_a_floor["items"] == []


def test_the_search_page_and_the_finder_open_in_chinese(client, world, traded):
    world.login(client, world.regulator())
    chinese = {"Accept-Language": "zh-CN"}

    search = client.get("/oversight/transactions", query_string={"kind": "trade"}, headers=chinese)
    finder = client.get("/oversight/enterprises", query_string={"q": "滨海"}, headers=chinese)

    assert search.status_code == 200 and 'lang="zh-CN"' in search.get_data(as_text=True)
    assert finder.status_code == 200 and "天津滨海测试贸易有限公司" in finder.get_data(as_text=True)
