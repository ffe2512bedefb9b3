"""The regulator console in a real browser: the steel floor's figures drawn as a chart, a suspension proposed
by one regulator and approved by another, and the suspended enterprise's next order refused on its page."""
from tests.browser.seeing import shows
from tests.browser.test_first_enterprise_journey import log_in
from tests.builders import owner_of
from tests.trading.market import list_instrument
from trading.book import services as book

ENGLISH = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}


def test_two_regulators_suspend_a_trader_whose_next_order_is_refused(world, live_site, browser, seller, buyer):
    rebar = list_instrument(world.operator())
    book.place_order(owner_of(seller), seller, rebar.public_id, "sell", "limit", "100", 400_000)
    book.place_order(owner_of(buyer), buyer, rebar.public_id, "buy", "limit", "100", 400_000)
    proposer, approver = world.regulator(), world.regulator()

    console = browser.new_context(**ENGLISH).new_page()
    log_in(console, live_site, proposer.email)
    console.goto(f"{live_site.url}/oversight/market/steel")
    assert shows(console, "CN¥400,000.00")
    console.locator("[data-chart-canvas] canvas").first.wait_for(state="visible")

    console.goto(f"{live_site.url}/oversight/sanctions/new")
    console.fill("input[name=enterprise]", seller.credit_code)
    console.select_option("select[name=kind]", "trading_suspension")
    console.fill("textarea[name=reason]", "Wash trading with a firm under the same legal representative.")
    console.fill("input[name=duration_days]", "30")
    console.click("form.form button")
    assert shows(console, "You proposed this sanction")
    sanction_page = console.url

    second = browser.new_context(**ENGLISH).new_page()
    log_in(second, live_site, approver.email)
    second.goto(sanction_page)
    second.click("text=Approve the sanction")
    assert shows(second, "The sanction is approved and in force")

    trader = browser.new_context(**ENGLISH).new_page()
    log_in(trader, live_site, owner_of(seller).email)
    trader.goto(f"{live_site.url}/enterprises/{seller.public_id}/floors/steel/{rebar.public_id}")
    trader.check("input[name=side][value=sell]")
    trader.select_option("select[name=kind]", "limit")
    trader.fill("input[name=quantity]", "10")
    trader.fill("input[name=price]", "4000.00")
    trader.click("#order-ticket button")
    assert shows(trader, "Trading suspended by sanction")
