"""Non-standard deals of a floor: auction awards and listed-price purchases, in the service, the API and on
the public market page; never who dealt."""
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.database import utcnow
from marketplace.errors import InvalidInput
from tests.browser.conftest import browser, live_site  # noqa: F401 (fixtures)
from tests.builders import owner_of
from tests.trading.auctions.auctions import HOUR, announce, bid
from tests.trading.market import REBAR_SPEC, list_instrument
from tests.trading.marketdata.history import trade
from trading.auctions import services as auctions
from trading.floors import services as floors
from trading.listings import services as listings
from trading.marketdata import services

CHINESE = {"Accept-Language": "zh-CN"}
ENGLISH = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}
MINUTE = timedelta(minutes=1)


@pytest.fixture
def deals(world, seller, buyer):
    """A urea tender on chemicals won by the seller at 2,500.00/t (5,000 t); 120 t of a listed rebar lot bought
    on steel at 3,950.00/t; and a fill on the steel book, which is no non-standard deal."""
    rival = world.enterprise(kinds=("buyer", "supplier"))
    start = utcnow().replace(microsecond=0)
    tender = announce(buyer, "reverse", start)
    bid(rival, tender, "2550.00", start + MINUTE)
    bid(seller, tender, "2500.00", start + 2 * MINUTE)
    auctions.close_auction(tender.public_id, now=start + HOUR)
    lot = listings.create_listing(
        owner_of(seller), seller, "steel", title="HRB400E 螺纹钢 Φ20 9m 非标定尺", spec={**REBAR_SPEC, "length_m": "9"},
        quantity="300", minimum_purchase="50", price="3950.00", delivery_place="天津港散货物流中心",
        delivery_month="2026-12")
    listings.purchase(owner_of(buyer), buyer, lot.public_id, "120")
    trade(seller, buyer, list_instrument(world.operator()), "4000.00", 30)
    return {"tender": tender, "lot": lot, "parties": (seller, buyer, rival)}


def names_of(enterprises):
    return [name for enterprise in enterprises for name in (enterprise.name_zh, enterprise.name_en)]


def test_an_award_and_a_listed_purchase_are_deals_of_their_own_floors(deals):
    [award] = services.floor_deals(floors.floor_by_code("chemicals")).deals
    [purchase] = services.floor_deals(floors.floor_by_code("steel")).deals

    assert (award.kind, award.auction_kind, award.lot) == ("auction", "reverse", deals["tender"].public_id)
    assert (award.quantity, award.unit, award.price, award.amount, award.currency) == (
        Decimal("5000"), "t", 250_000, 1_250_000_000, "CNY")
    assert (purchase.kind, purchase.auction_kind, purchase.lot) == ("listing", None, deals["lot"].public_id)
    assert (purchase.quantity, purchase.price, purchase.amount) == (Decimal("120"), 395_000, 47_400_000)
    assert purchase.title_en == "HRB400E 螺纹钢 Φ20 9m 非标定尺"
    assert services.floor_deals(floors.floor_by_code("agriculture")).deals == []
    shown = repr([award, purchase])
    assert not any(name in shown for name in names_of(deals["parties"]))


def test_deals_are_read_over_a_bounded_span(deals):
    steel = floors.floor_by_code("steel")
    now = utcnow()

    assert services.floor_deals(steel, until=now - timedelta(days=1)).deals == []
    default = services.floor_deals(steel, now=now)
    assert (default.since, default.until) == (now - timedelta(days=90), now)
    for since, until in ((now, now - HOUR), (now - timedelta(days=401), now)):
        with pytest.raises(InvalidInput) as refused:
            services.floor_deals(steel, since, until)
        assert "from" in refused.value.errors


def test_the_api_gives_deals_as_decimal_strings_with_currency_and_unit(client, deals):
    body = client.get("/api/v1/market/floors/chemicals/deals").get_json()
    steel = client.get("/api/v1/market/floors/steel/deals")

    assert (body["floor"], body["currency"], body["unit"]) == ("chemicals", "CNY", "t")
    [award] = body["deals"]
    assert award | {"made_at": None} == {
        "made_at": None, "kind": "auction", "auction_kind": "reverse", "lot": deals["tender"].public_id,
        "title_zh": "采购尿素 5000 吨 / Urea tender 5,000 t", "title_en": "采购尿素 5000 吨 / Urea tender 5,000 t",
        "quantity": "5000", "price": "2500.00", "amount": "12500000.00"}
    [purchase] = steel.get_json()["deals"]
    assert (purchase["kind"], purchase["auction_kind"], purchase["lot"]) == ("listing", None, deals["lot"].public_id)
    assert (purchase["quantity"], purchase["price"], purchase["amount"]) == ("120", "3950.00", "474000.00")
    assert award["made_at"].endswith("+00:00") or award["made_at"].endswith("Z")
    for text in (steel.get_data(as_text=True), str(body)):
        assert not any(name in text for name in names_of(deals["parties"]))
        assert not any(enterprise.public_id in text for enterprise in deals["parties"])


def test_the_api_refuses_a_span_too_long_or_reversed(client, deals):
    too_long = client.get("/api/v1/market/floors/steel/deals",
                          query_string={"from": "2025-01-01T00:00:00+08:00", "to": "2026-03-01T00:00:00+08:00"})
    reversed_span = client.get("/api/v1/market/floors/steel/deals",
                               query_string={"from": "2026-03-02T00:00:00", "to": "2026-03-01T00:00:00"})

    for response in (too_long, reversed_span):
        assert response.status_code == 422 and response.content_type == "application/problem+json"
        assert "from" in response.get_json()["errors"]
    assert "400 days" in too_long.get_json()["errors"]["from"][0]
    assert client.get("/api/v1/market/floors/nowhere/deals").status_code == 404


def deals_block(page, floor_code):
    section = page[page.index(f'id="floor-{floor_code}"'):]
    return section[section.index(f'id="floor-{floor_code}-deals"'):section.index("</section>")]


def test_the_market_page_shows_each_floors_deals_in_a_chart_and_a_table(client, deals):
    response = client.get("/market")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    chemicals, steel, agriculture = (deals_block(page, code) for code in ("chemicals", "steel", "agriculture"))
    assert "Non-standard deals" in page
    assert 'data-deals-url="/api/v1/market/floors/chemicals/deals"' in chemicals
    assert "Auction award" in chemicals and "Reverse (procurement tender)" in chemicals
    assert "5,000 t" in chemicals and "CN¥2,500.00" in chemicals and "CN¥12,500,000.00" in chemicals
    assert f'href="/auctions/{deals["tender"].public_id}"' in chemicals
    assert "Listed lot" in steel and "120 t" in steel and "CN¥3,950.00" in steel and "CN¥474,000.00" in steel
    assert "CN¥4,000.00" not in steel  # the fill on the book is in the instrument's chart, not here
    assert "data-deals-url" not in agriculture and "No auction awards or listed-price purchases" in agriculture
    assert not any(name in page for name in names_of(deals["parties"]))


def test_the_market_page_shows_the_deals_in_chinese(client, deals):
    page = client.get("/market", headers=CHINESE).get_data(as_text=True)

    chemicals, steel = deals_block(page, "chemicals"), deals_block(page, "steel")
    assert '<html lang="zh-CN">' in page
    assert "<table" in chemicals and "¥2,500.00" in chemicals and "5,000" in chemicals
    assert "采购尿素 5000 吨" in chemicals
    assert "¥3,950.00" in steel and "120" in steel and "非标定尺" in steel
    assert 'data-deals-url="/api/v1/market/floors/steel/deals"' in steel


def test_the_market_page_draws_each_floors_deals_as_a_scatter(deals, live_site, browser):  # noqa: F811
    page = browser.new_context(**ENGLISH).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    with page.expect_response(lambda response: "/api/v1/market/floors/chemicals/deals" in response.url):
        page.goto(f"{live_site.url}/market")

    figure = "#floor-chemicals figure[data-market-chart='deals']"
    page.wait_for_selector(f"{figure} canvas")
    page.wait_for_function(f"""() => {{
        const chart = echarts.getInstanceByDom(document.querySelector("{figure} [data-chart-canvas]"));
        return chart && chart.getOption().series[0].data.length === 1; }}""")
    page.locator(figure).scroll_into_view_if_needed()
    x, y = page.evaluate(f"""() => {{
        const canvas = document.querySelector("{figure} [data-chart-canvas]");
        const chart = echarts.getInstanceByDom(canvas);
        const [x, y] = chart.convertToPixel({{seriesIndex: 0}}, chart.getOption().series[0].data[0].value);
        const box = canvas.getBoundingClientRect();
        return [box.left + x, box.top + y]; }}""")
    page.mouse.move(x, y)
    tooltip = page.locator(f"{figure} div:has-text('Urea tender 5,000 t')").last
    tooltip.wait_for()
    assert "CN¥2,500.00" in tooltip.text_content() and "5,000 tonne" in tooltip.text_content()
    assert page.locator("#floor-agriculture figure[data-market-chart='deals']").count() == 0
    assert errors == []


def test_the_table_shows_the_latest_deals_and_says_the_chart_has_them_all(client, seller, buyer):
    lot = listings.create_listing(
        owner_of(seller), seller, "steel", title="HRB400E 螺纹钢 Φ20 9m 非标定尺", spec={**REBAR_SPEC, "length_m": "9"},
        quantity="1000", minimum_purchase="1", price="3950.00", delivery_place="天津港散货物流中心",
        delivery_month="2026-12")
    for quantity in range(1, 23):
        listings.purchase(owner_of(buyer), buyer, lot.public_id, str(quantity))

    steel = deals_block(client.get("/market").get_data(as_text=True), "steel")

    assert steel.count("<tr>") == 1 + 20
    assert ">22 tonne<" in steel and ">3 tonne<" in steel and ">2 tonne<" not in steel
    assert "The 20 latest of 22 deals; the chart shows them all." in steel
