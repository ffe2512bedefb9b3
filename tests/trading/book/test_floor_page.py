"""The trader's floor page with the test client: the ticket, flashes, refusals, amend, cancel, live JSON."""
import html
import re

import pytest
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from tests.builders import owner_of
from trading.book import services as book
from trading.book.models import BookCommand, FloorOrder
from trading.contracts.models import Contract
from trading.floors import services as floors


def page_url(enterprise, instrument, rest=""):
    return f"/enterprises/{enterprise.public_id}/floors/steel/{instrument.public_id}{rest}"


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def text_of(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


@pytest.fixture
def seller_desk(world, client, seller):
    world.login(client, owner_of(seller))
    return client


def test_the_floor_lists_its_instruments_with_the_last_price(world, app, seller_desk, seller, buyer, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "20", 401200)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "market", "10")

    floor = seller_desk.get(f"/enterprises/{seller.public_id}/floors/steel")

    assert floor.status_code == 200
    assert "Rebar HRB400E 20 mm Tianjin 2612" in text_of(floor) and "CN¥4,012.00" in text_of(floor)
    assert page_url(seller, rebar_2612) in floor.get_data(as_text=True)
    assert "Steel floor" in text_of(seller_desk.get(f"/enterprises/{seller.public_id}/floors"))


def test_a_trader_rests_an_order_from_the_ticket_and_sees_it_in_the_book(seller_desk, seller, rebar_2612):
    page = seller_desk.get(page_url(seller, rebar_2612))
    assert page.status_code == 200
    shown = text_of(page)
    assert "CN¥3,800.00 – CN¥4,200.00" in shown and "lots of 10 tonne" in shown and "Open until" in shown

    sent = seller_desk.post(page_url(seller, rebar_2612, "/orders"),
                            data={"side": "sell", "kind": "limit", "quantity": "100", "price": "4000.00"},
                            follow_redirects=True)

    shown = text_of(sent)
    assert "The order rests in the book: 100 tonne at CN¥4,000.00." in shown
    assert re.search(r"Sell CN¥4,000.00 100 tonne 1", shown), "the book shows the level in tonnes"


@pytest.mark.parametrize("ticket, message", [
    ({"price": "4300.00"}, "Today's price band is CN¥3,800.00 to CN¥4,200.00; the price is outside it."),
    ({"price": "4000.50"}, "The price must be a multiple of the tick size, CN¥1.00."),
    ({"quantity": "15"}, "The quantity must be a whole number of lots of 10 tonne."),
    ({"quantity": "lots"}, "Enter a number, such as 30 or 4000.50."),
    ({"price": ""}, "Enter a price above zero."),
])
def test_a_refused_ticket_comes_back_with_the_reason_and_nothing_is_placed(seller_desk, seller, rebar_2612,
                                                                           ticket, message):
    refused = seller_desk.post(page_url(seller, rebar_2612, "/orders"),
                               data={"side": "sell", "kind": "limit", "quantity": "100", "price": "4000.00"} | ticket)

    assert refused.status_code == 422
    assert message in text_of(refused)
    assert count(FloorOrder) == 0 and count(BookCommand) == 0


def test_outside_the_session_the_ticket_says_when_the_floor_opens_next(seller_desk, seller, rebar_2612):
    floor = floors.floor_by_code("steel")
    floor.closed_dates = [utcnow().astimezone(SHANGHAI).date().isoformat()]
    db.session.commit()

    page = seller_desk.get(page_url(seller, rebar_2612))
    refused = seller_desk.post(page_url(seller, rebar_2612, "/orders"),
                               data={"side": "sell", "kind": "limit", "quantity": "100", "price": "4000.00"})

    assert "Closed; opens next at" in text_of(page)
    assert refused.status_code == 422 and "The floor is closed now; it opens next at" in text_of(refused)
    assert count(FloorOrder) == 0


def test_an_unverified_enterprise_sees_why_it_may_not_trade(world, client, rebar_2612):
    pending = world.enterprise(verified=False)
    world.login(client, owner_of(pending))

    refused = client.post(page_url(pending, rebar_2612, "/orders"),
                          data={"side": "buy", "kind": "limit", "quantity": "10", "price": "4000.00"})

    assert refused.status_code == 422 and "Only verified enterprises may trade" in text_of(refused)
    assert count(FloorOrder) == 0


def test_a_market_order_fills_and_each_fill_becomes_a_contract(world, client, seller, buyer, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "100", 400000)
    world.login(client, owner_of(buyer))

    filled = client.post(page_url(buyer, rebar_2612, "/orders"),
                         data={"side": "buy", "kind": "market", "quantity": "30", "price": ""}, follow_redirects=True)

    assert "The order is filled: 30 tonne traded" in text_of(filled)
    contract = db.session.scalar(select(Contract))
    assert contract.status == "awaiting_payment" and contract.quantity == 30
    listed = text_of(client.get(f"/enterprises/{buyer.public_id}/contracts"))
    assert contract.public_id in listed and "Awaiting payment" in listed and "CN¥120,000.00" in listed


def test_a_trader_amends_and_cancels_an_order_on_the_page(seller_desk, seller, rebar_2612):
    order = book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "100", 400000)
    prefix = order.public_id

    amend_url = page_url(seller, rebar_2612, f"/orders/{prefix}/amend")
    refused = seller_desk.post(amend_url, data={f"{prefix}-price": "5000"})
    assert refused.status_code == 422 and "outside it" in text_of(refused)
    empty = seller_desk.post(amend_url, data={})
    assert empty.status_code == 422 and "Enter a new price, a new quantity, or both." in text_of(empty)

    amended = seller_desk.post(amend_url, data={f"{prefix}-quantity": "50", f"{prefix}-price": "3990"},
                               follow_redirects=True)
    assert f"Order {prefix} is amended." in text_of(amended)
    db.session.refresh(order)
    assert (order.price_minor, order.remaining_lots) == (399000, 5)

    cancelled = seller_desk.post(page_url(seller, rebar_2612, f"/orders/{prefix}/cancel"), follow_redirects=True)
    assert f"Order {prefix} is cancelled" in text_of(cancelled)
    assert "Cancelled on request." in text_of(cancelled)
    again = seller_desk.post(page_url(seller, rebar_2612, f"/orders/{prefix}/cancel"), follow_redirects=True)
    assert "can no longer be changed" in text_of(again)


def test_another_enterprises_order_cannot_be_touched(world, seller_desk, seller, buyer, rebar_2612):
    theirs = book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", "10", 399000)

    assert seller_desk.post(page_url(seller, rebar_2612, f"/orders/{theirs.public_id}/cancel")).status_code == 404
    db.session.refresh(theirs)
    assert theirs.status == "open"


def test_the_live_endpoint_gives_the_book_tape_our_orders_and_session(world, client, seller, buyer, rebar_2612):
    book.place_order(owner_of(seller), seller, rebar_2612.public_id, "sell", "limit", "100", 400000)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "limit", "20", 399000)
    book.place_order(owner_of(buyer), buyer, rebar_2612.public_id, "buy", "market", "30")
    world.login(client, owner_of(seller))

    live = client.get(page_url(seller, rebar_2612, "/live")).json

    assert live["book"]["asks"] == [{"price": "4000.00", "quantity": "70", "orders": 1}]
    assert live["book"]["bids"] == [{"price": "3990.00", "quantity": "20", "orders": 1}]
    assert live["last_price"] == "4000.00" and live["session"]["open"] is True
    assert [(t["price"], t["quantity"], t["aggressor"]) for t in live["tape"]] == [("4000.00", "30", "buy")]
    assert [(o["remaining"], o["filled"], o["status"]) for o in live["my_orders"]] == [("70", "30", "partially_filled")]
    assert set(live["html"]) == {"summary", "book", "tape", "orders"}
    assert "Test Trading Co" not in live["html"]["tape"], "the tape names nobody"


def test_viewers_see_the_floor_but_get_no_ticket_and_cannot_post(world, client, seller, rebar_2612):
    viewer = world.member(seller, "viewer")
    world.login(client, viewer)

    page = client.get(page_url(seller, rebar_2612))
    assert page.status_code == 200 and 'id="order-ticket"' not in page.get_data(as_text=True)
    assert "Order book" in text_of(page)
    assert client.post(page_url(seller, rebar_2612, "/orders"),
                       data={"side": "sell", "kind": "limit", "quantity": "10", "price": "4000"}).status_code == 403


def test_an_instrument_of_another_floor_is_not_found_under_this_one(seller_desk, seller, rebar_2612):
    elsewhere = seller_desk.get(f"/enterprises/{seller.public_id}/floors/chemicals/{rebar_2612.public_id}")
    assert elsewhere.status_code == 404


def test_the_floor_page_speaks_chinese(seller_desk, seller, rebar_2612):
    page = seller_desk.get(page_url(seller, rebar_2612), headers={"Accept-Language": "zh-CN"})

    assert page.status_code == 200
    assert 'lang="zh-CN"' in page.get_data(as_text=True)
    assert "螺纹钢 HRB400E Φ20 天津 2612" in text_of(page) and "钢材交易厅" in text_of(page)
