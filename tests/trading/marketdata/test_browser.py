"""In a real browser: the instrument chart draws, switches interval, and the tape refreshes without a reload."""
from tests.browser.conftest import browser, live_site  # noqa: F401 (fixtures)
from tests.trading.market import list_instrument
from tests.trading.marketdata.history import beijing, trade

ENGLISH = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}


def test_the_instrument_page_charts_and_refreshes_itself(world, seller, buyer, live_site, browser):  # noqa: F811
    rebar = list_instrument(world.operator())
    trade(seller, buyer, rebar, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, rebar, "4100.00", 20, beijing(1, 10))
    page = browser.new_context(**ENGLISH).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_site.url}/market/instruments/{rebar.public_id}")
    page.wait_for_selector("figure[data-market-chart='bars'] canvas")
    with page.expect_request(lambda request: "/bars?interval=1d" in request.url):
        page.click("figure a[data-interval='1d']")
    assert page.get_attribute("figure a[data-interval='1d']", "aria-current") == "true"
    assert page.url.endswith(rebar.public_id)  # switched in place, no navigation

    trade(seller, buyer, rebar, "4120.00", 10)
    page.wait_for_selector("[data-live-table='trades'] td:has-text('CN¥4,120.00')", timeout=15_000)
    assert page.text_content("[data-quote-field='last']") == "CN¥4,120.00"
    assert errors == []


def test_the_market_page_draws_each_floors_index(world, seller, buyer, live_site, browser):  # noqa: F811
    rebar = list_instrument(world.operator())
    trade(seller, buyer, rebar, "4000.00", 30, beijing(2, 10))
    trade(seller, buyer, rebar, "4100.00", 20, beijing(1, 10))
    page = browser.new_context(**ENGLISH).new_page()

    page.goto(f"{live_site.url}/market")

    page.wait_for_selector("#floor-steel figure[data-market-chart='index'] canvas")
    assert page.locator("#floor-shipping figure").count() == 0
