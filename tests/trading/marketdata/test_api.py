"""``/api/v1/market``: public JSON, prices as decimal strings with the currency, quantities with the unit."""
import pytest

from tests.trading.market import list_instrument
from tests.trading.marketdata.history import beijing, rest, trade

PROBLEM = "application/problem+json"


@pytest.fixture
def rebar(world, seller, buyer):
    instrument = list_instrument(world.operator())
    trade(seller, buyer, instrument, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, instrument, "4100.00", 20, beijing(1, 10))
    trade(seller, buyer, instrument, "4080.00", 10, beijing(1, 14))
    rest(buyer, instrument, "buy", "4000.00", 50)
    rest(seller, instrument, "sell", "4150.00", 20)
    return instrument


def test_the_floor_list_gives_each_floors_index_without_a_token(client, rebar):
    body = client.get("/api/v1/market/floors").get_json()

    steel = next(item for item in body["items"] if item["code"] == "steel")
    assert steel["index"] == {"day": beijing(1, 0).date().isoformat(), "value": "1023.33", "change": "23.33",
                              "percent": "2.33"}  # yesterday's VWAP 4093.33… over the day before's 4000
    assert (steel["currency"], steel["unit"]) == ("CNY", "t")
    assert next(item for item in body["items"] if item["code"] == "shipping")["index"] is None


def test_a_quote_names_currency_and_unit_and_shows_prices_as_decimal_strings(client, rebar):
    body = client.get(f"/api/v1/market/instruments/{rebar.public_id}/quote").get_json()

    assert (body["currency"], body["unit"], body["lot_size"]) == ("CNY", "t", "10")
    assert (body["last"], body["reference"], body["change"], body["percent"]) == ("4080.00", "4000.00", "80.00", "2.00")
    assert (body["volume"], body["lots"], body["turnover"], body["vwap"]) == ("30", 3, "122800.00", "4093.33")
    assert body["best_bid"] == {"price": "4000.00", "quantity": "50", "lots": 5, "orders": 1}
    assert body["best_ask"]["price"] == "4150.00"
    assert body["instrument"]["id"] == rebar.public_id and body["instrument"]["floor"] == "steel"


def test_bars_depth_and_trades(client, rebar):
    base = f"/api/v1/market/instruments/{rebar.public_id}"
    since, until = beijing(3, 0).isoformat(), beijing(0, 0).isoformat()

    bars = client.get(f"{base}/bars", query_string={"interval": "1d", "from": since, "to": until}).get_json()
    depth = client.get(f"{base}/depth").get_json()
    tape = client.get(f"{base}/trades", query_string={"limit": 2}).get_json()

    assert [bar["close"] for bar in bars["bars"]] == ["4000.00", "4080.00"]
    assert bars["bars"][1] | {"start": None} == {
        "start": None, "open": "4100.00", "high": "4100.00", "low": "4080.00", "close": "4080.00", "volume": "30",
        "turnover": "122800.00", "vwap": "4093.33", "trades": 2, "settlement": "4093.00"}
    assert bars["bars"][1]["start"].endswith("+08:00") and (bars["currency"], bars["unit"]) == ("CNY", "t")
    assert depth["bids"] == [{"price": "4000.00", "quantity": "50", "lots": 5, "orders": 1}]
    assert [item["price"] for item in tape["items"]] == ["4080.00", "4100.00"]
    assert set(tape["items"][0]) == {"number", "executed_at", "price", "quantity", "lots", "aggressor"}


def test_public_data_never_names_who_traded(client, rebar, seller, buyer):
    base = f"/api/v1/market/instruments/{rebar.public_id}"
    bodies = "".join(client.get(f"{base}/{part}").get_data(as_text=True)
                     for part in ("quote", "depth", "trades", "bars"))

    for enterprise in (seller, buyer):
        assert enterprise.public_id not in bodies and enterprise.name_en not in bodies


def test_the_floor_index_over_a_span(client, rebar):
    body = client.get("/api/v1/market/floors/steel/index",
                      query_string={"from": beijing(1, 0).date().isoformat()}).get_json()

    assert body == {"floor": "steel", "base": 1000, "points": [
        {"day": beijing(1, 0).date().isoformat(), "value": "1023.33"}]}


def test_the_floor_overview_lists_each_instruments_quote(client, rebar):
    body = client.get("/api/v1/market/floors/steel").get_json()

    assert body["code"] == "steel" and body["index"]["value"] == "1023.33"
    assert [item["last"] for item in body["instruments"]] == ["4080.00"]


@pytest.mark.parametrize("query, field", [
    ({"interval": "5m"}, "interval"),
    ({"interval": "1m", "from": "2026-01-01T00:00:00+08:00", "to": "2026-01-05T00:00:00+08:00"}, "from"),
    ({"interval": "1h", "from": "2026-01-05T00:00:00+08:00", "to": "2026-01-01T00:00:00+08:00"}, "from"),
    ({"from": "yesterday"}, "from"),
])
def test_bad_bar_requests_are_refused_with_the_field_at_fault(client, rebar, query, field):
    response = client.get(f"/api/v1/market/instruments/{rebar.public_id}/bars", query_string=query)

    assert response.status_code == 422 and response.content_type == PROBLEM
    assert field in response.get_json()["errors"]


def test_bad_index_spans_and_unknown_names(client, rebar):
    reversed_span = client.get("/api/v1/market/floors/steel/index",
                               query_string={"from": "2026-03-02", "to": "2026-03-01"})
    too_long = client.get("/api/v1/market/floors/steel/index", query_string={"from": "2000-01-01", "to": "2026-03-01"})
    too_many_trades = client.get(f"/api/v1/market/instruments/{rebar.public_id}/trades", query_string={"limit": 500})

    assert [reversed_span.status_code, too_long.status_code, too_many_trades.status_code] == [422, 422, 422]
    assert "from" in reversed_span.get_json()["errors"] and "limit" in too_many_trades.get_json()["errors"]
    assert client.get("/api/v1/market/floors/nowhere/index").status_code == 404
    assert client.get("/api/v1/market/instruments/ins_nothing/quote").status_code == 404
