"""The trader's floor page in a real browser: an order placed by one enterprise appears in the other's
book, and the fill on both tapes, without either page being reloaded."""
import time

from tests.browser.seeing import shows
from tests.browser.test_first_enterprise_journey import log_in
from tests.builders import owner_of
from tests.trading.market import list_instrument

PATIENCE_SECONDS = 20


def eventually_shows(page, selector, text):
    """Poll from Python (the CSP forbids the script ``wait_for_function`` injects)."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        if text in page.inner_text(selector):
            return True
        page.wait_for_timeout(250)
    return False


def test_the_book_and_tape_refresh_without_a_reload(world, live_site, browser, seller, buyer):
    rebar = list_instrument(world.operator())
    english = {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en"}}
    pages = {}
    for enterprise in (seller, buyer):
        page = browser.new_context(**english).new_page()
        log_in(page, live_site, owner_of(enterprise).email)
        page.goto(f"{live_site.url}/enterprises/{enterprise.public_id}/floors/steel/{rebar.public_id}")
        pages[enterprise] = page
    buyer_loads = []
    pages[buyer].on("load", lambda _page: buyer_loads.append(1))

    selling = pages[seller]
    selling.check("input[name=side][value=sell]")
    selling.select_option("select[name=kind]", "limit")
    selling.fill("input[name=quantity]", "100")
    selling.fill("input[name=price]", "4000.00")
    selling.click("#order-ticket button")
    assert shows(selling, "The order rests in the book")

    assert eventually_shows(pages[buyer], "#order-book", "100 tonne"), "the ask reaches the buyer's book"
    assert buyer_loads == [], "without a reload"

    buying = pages[buyer]
    buying.check("input[name=side][value=buy]")
    buying.select_option("select[name=kind]", "market")
    buying.fill("input[name=quantity]", "30")
    buying.click("#order-ticket button")
    assert shows(buying, "The order is filled: 30 tonne traded")

    selling_loads = []
    selling.on("load", lambda _page: selling_loads.append(1))
    assert eventually_shows(selling, "#trade-tape", "30 tonne"), "the fill reaches the seller's tape"
    assert eventually_shows(selling, "#live-orders", "70 tonne"), "and the seller's order shows what is left"
    assert selling_loads == []
