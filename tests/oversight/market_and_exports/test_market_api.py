"""The market dashboards through the API with a regulator's read-only staff token."""
import pytest

from marketplace.accounts.services import create_staff_token
from marketplace.orders import services as orders
from tests.builders import owner_of
from tests.orders.listings import publish_product
from tests.oversight.market_and_exports.market import two_days_of_rebar
from tests.trading.marketdata.history import beijing


@pytest.fixture
def rebar(world, seller, buyer):
    return two_days_of_rebar(world, seller, buyer)


@pytest.fixture
def reader(world):
    """A regulator's token that may read (oversight:read) and nothing else."""
    secret = create_staff_token(world.regulator(), "dashboards", ["oversight:read"])[1]
    return {"Authorization": f"Bearer {secret}"}


def test_the_floor_dashboard_gives_the_days_totals_and_instruments_with_currency_and_unit(client, reader, rebar):
    body = client.get("/api/v1/oversight/market/steel", headers=reader).get_json()

    assert body["floor"]["currency"] == "CNY" and body["floor"]["unit"] == "t"
    totals = body["totals"]
    assert (totals["trades"], totals["volume"], totals["turnover"]) == (3, "60", "242200.00")
    assert (totals["index_first"], totals["index_last"]) == ("1000.00", "1023.72")
    assert totals["active_enterprises"] == 2
    assert len(body["days"]) == 30
    yesterday = next(day for day in body["days"] if day["day"] == beijing(1, 0).date().isoformat())
    assert (yesterday["trades"], yesterday["turnover"], yesterday["index"]) == (1, "82000.00", "1023.72")
    assert [row["code"] for row in body["instruments"]] == [rebar.code]
    assert body["instruments"][0]["average_price"] == "4036.67"


def test_the_drilldown_reaches_single_trades_with_the_counterparty(client, reader, rebar, seller, buyer):
    base = f"/api/v1/oversight/market/steel/instruments/{rebar.public_id}"

    enterprises = client.get(base, headers=reader).get_json()["enterprises"]
    trades = client.get(f"{base}/enterprises/{buyer.public_id}", headers=reader).get_json()

    assert {row["id"]: (row["bought"], row["sold"]) for row in enterprises} == {
        seller.public_id: ("0", "60"), buyer.public_id: ("60", "0")}
    assert [(t["side"], t["quantity"], t["amount"]) for t in trades["trades"]] == [
        ("buy", "30", "120000.00"), ("buy", "10", "40200.00"), ("buy", "20", "82000.00")]
    assert {t["counterparty"]["id"] for t in trades["trades"]} == {seller.public_id}


def test_the_platform_view_lists_each_floor(client, reader, rebar):
    body = client.get("/api/v1/oversight/market", headers=reader).get_json()

    steel = next(row for row in body["floors"] if row["floor"]["code"] == "steel")
    assert steel["totals"]["turnover"] == "242200.00"
    assert body["verified_enterprises"] == 2  # the seller and the buyer
    assert sum(day["enterprises"] for day in body["catalog"]) == 2
    assert len(body["alerts"]) == len(body["complaints"]) == 30


def test_a_bad_period_is_a_problem_with_field_errors(client, reader, rebar):
    response = client.get("/api/v1/oversight/market/steel?from=2026-01-01&to=2027-06-01", headers=reader)

    assert response.status_code == 422
    assert response.content_type.startswith("application/problem+json")
    assert "from" in response.get_json()["errors"]


def test_an_enterprise_token_is_refused(client, world, seller, rebar):
    token = world.token(owner_of(seller), seller, ["enterprise:read", "trading:read"])

    response = client.get("/api/v1/oversight/market/steel", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


def test_a_catalog_order_counts_with_its_value_on_the_platform(client, reader, seller, buyer):
    listing = publish_product(seller)
    orders.buy_listing(owner_of(buyer), buyer, listing.public_id, "10", "天津市滨海新区港口路1号")

    body = client.get("/api/v1/oversight/market", headers=reader).get_json()

    today = body["catalog"][-1]
    assert today["orders"] == 1
    assert today["order_values"] == [{"currency": "CNY", "amount": "41005.00"}]
