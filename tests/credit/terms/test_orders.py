"""Grades set floor-order terms at once: grade C is refused naming its grade, and open orders stay within
the grade's limit."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from marketplace.errors import InvalidInput
from marketplace.extensions import db
from tests.builders import owner_of
from tests.trading.market import trading_token
from trading.book import services as book
from trading.book.models import FloorOrder
from trading.floors import services as floors

ASK = 401_000  # CNY 4,010.00 per tonne: rests on the book, meets no bid


def _sell(enterprise, instrument, tonnes="100", price=ASK):
    return book.place_order(owner_of(enterprise), enterprise, instrument.public_id, "sell", "limit",
                            Decimal(tonnes), price)


def _orders():
    return db.session.scalar(select(func.count()).select_from(FloorOrder))


def test_a_grade_c_enterprise_s_order_is_refused_naming_grade_c_and_nothing_is_stored(grades, seller, rebar_2612):
    grades[seller] = "C"
    with pytest.raises(InvalidInput) as refused:
        _sell(seller, rebar_2612)
    assert refused.value.errors["order"] == [
        "Credit grade C may not place orders, bids or listings: the trading terms of grade C refuse it."]
    assert _orders() == 0


def test_open_orders_beyond_the_grade_s_limit_are_refused_with_the_limit_and_what_is_open(grades, seller, rebar_2612):
    grades[seller] = "CC"  # open orders up to CNY 500,000.00
    _sell(seller, rebar_2612, "100")  # CNY 401,000.00 open
    with pytest.raises(InvalidInput) as refused:
        _sell(seller, rebar_2612, "30")  # CNY 120,300.00 more
    [message] = refused.value.errors["order"]
    assert "Credit grade CC" in message and "CN¥500,000.00" in message and "CN¥401,000.00" in message
    assert _orders() == 1
    _sell(seller, rebar_2612, "20")  # CNY 80,200.00: 481,200.00 in all, within the limit


def test_a_grade_change_applies_to_the_next_order_at_once(grades, seller, rebar_2612):
    _sell(seller, rebar_2612, "10")
    grades[seller] = "C"
    with pytest.raises(InvalidInput):
        _sell(seller, rebar_2612, "10")
    grades[seller] = "BBB"
    _sell(seller, rebar_2612, "10")
    assert _orders() == 2


def test_an_order_may_shrink_after_the_grade_fell_but_not_grow(grades, seller, rebar_2612):
    order = _sell(seller, rebar_2612, "100")
    grades[seller] = "CCC"  # open orders up to CNY 1,000,000.00
    book.amend_order(owner_of(seller), seller, order.public_id, remaining="50")
    grades[seller] = "C"
    book.amend_order(owner_of(seller), seller, order.public_id, remaining="40")
    with pytest.raises(InvalidInput) as refused:
        book.amend_order(owner_of(seller), seller, order.public_id, remaining="60")
    assert "grade C" in refused.value.message
    db.session.refresh(order)
    assert order.remaining_lots == 4


def test_a_batch_counts_its_own_earlier_orders_against_the_limit(grades, seller, rebar_2612):
    grades[seller] = "CC"
    tickets = [book.OrderTicket(rebar_2612, "sell", "limit", Decimal("100"), ASK),
               book.OrderTicket(rebar_2612, "sell", "limit", Decimal("100"), ASK)]
    placed, refused = book.place_orders(owner_of(seller), seller, tickets)
    assert placed.status == "open"
    assert isinstance(refused, InvalidInput) and "Credit grade CC" in refused.errors["order"][0]


def test_the_api_refuses_a_grade_c_order_as_problem_json_naming_the_rule(client, world, grades, seller, rebar_2612):
    grades[seller] = "C"
    response = client.post("/api/v1/trading/orders", headers=trading_token(world, seller) | {"Accept-Language": "en"},
                           json={"instrument": rebar_2612.public_id, "side": "sell", "kind": "limit",
                                 "quantity": "10", "price": "4010.00"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "Credit grade C may not place orders" in response.json["errors"]["order"][0]


def test_the_order_form_shows_the_refusal_naming_the_grade(client, world, grades, seller, rebar_2612):
    grades[seller] = "C"
    world.login(client, owner_of(seller))
    response = client.post(f"/enterprises/{seller.public_id}/floors/steel/{rebar_2612.public_id}/orders",
                           data={"side": "sell", "kind": "limit", "quantity": "10", "price": "4010.00"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert ("Credit grade C may not place orders, bids or listings: the trading terms of grade C refuse it."
            in response.get_data(as_text=True))
    assert _orders() == 0


def test_the_order_ticket_shows_the_grade_s_deposit_and_open_order_limit(client, world, grades, seller, rebar_2612):
    grades[seller] = "B"  # 30 %, above the steel floor's 20 %
    _sell(seller, rebar_2612, "10")
    world.login(client, owner_of(seller))
    page = client.get(f"/enterprises/{seller.public_id}/floors/steel/{rebar_2612.public_id}").get_data(as_text=True)
    assert ("Credit grade B: contracts on this floor ask a deposit of 30 %; open orders up to CN¥2,000,000.00 "
            "(now CN¥40,100.00).") in page


def test_the_order_ticket_on_a_floor_asking_the_whole_at_once_says_so_and_names_the_deferred_payment_limit(
        client, world, grades, seller, rebar_2612):
    floors.floor_by_code("steel").deposit_percent = Decimal(0)
    db.session.commit()
    grades[seller] = "A"
    world.login(client, owner_of(seller))
    page = client.get(f"/enterprises/{seller.public_id}/floors/steel/{rebar_2612.public_id}").get_data(as_text=True)
    assert "Credit grade A: contracts on this floor are paid in full at once" in page
    assert ("Deferred-payment limit of the grade: CN¥1,000,000.00 (settlement does not offer deferred payment yet)."
            in page)


def test_the_order_ticket_of_a_grade_c_enterprise_says_it_may_not_trade(client, world, grades, seller, rebar_2612):
    grades[seller] = "C"
    world.login(client, owner_of(seller))
    page = client.get(f"/enterprises/{seller.public_id}/floors/steel/{rebar_2612.public_id}").get_data(as_text=True)
    assert "Credit grade C may not place orders, bids or listings." in page
