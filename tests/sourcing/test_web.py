"""In the browser: a buyer posts an RFQ, two suppliers quote, the buyer compares and accepts one,
the seller confirms, and the buyer sees the order awaiting payment. Bad input changes nothing."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from marketplace.orders.models import Order
from marketplace.sourcing.models import Quote, Rfq
from tests.orders.listings import publish_product
from tests.builders import owner_of
from tests.web.conftest import text_of


def local(moment):
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def suppliers(world):
    first, second = world.enterprise(), world.enterprise()
    publish_product(first)
    publish_product(second)
    return first, second


def quote_form(price, lead_time, valid_days=14):
    return {"unit_price": price, "quantity": "200", "lead_time_days": str(lead_time),
            "valid_until": local(utcnow() + timedelta(days=valid_days)), "terms": "DAP Tianjin port"}


def post_rfq(client, buyer, deadline=None):
    return client.post(f"/enterprises/{buyer.public_id}/rfqs/new", data={
        "title": "HRB400E rebar 200 t", "category": "steel.rebar", "specification": "GB/T 1499.2, 20 mm, 12 m",
        "quantity": "200", "unit": "t", "delivery_place": "Dongjiang port yard 3",
        "delivery_date": (date.today() + timedelta(days=30)).isoformat(),
        "deadline": local(deadline or utcnow() + timedelta(days=3))})


def test_the_rfq_story_from_posting_to_an_order_awaiting_payment(buyer, suppliers, browser):
    first, second = suppliers
    buying = browser(owner_of(buyer))
    assert buying.get(f"/enterprises/{buyer.public_id}/rfqs/new").status_code == 200
    posted = post_rfq(buying, buyer)
    assert posted.status_code == 302
    rfq = db.session.scalar(select(Rfq))
    assert posted.headers["Location"] == f"/enterprises/{buyer.public_id}/rfqs/{rfq.public_id}"

    quotes = {}
    for supplier, price, lead_time in ((first, "4100.50", 5), (second, "3990", 12)):
        selling = browser(owner_of(supplier))
        assert "HRB400E rebar 200 t" in text_of(selling.get(f"/enterprises/{supplier.public_id}/rfqs/for-you"))
        path = f"/enterprises/{supplier.public_id}/rfqs/{rfq.public_id}/quote"
        assert selling.get(path).status_code == 200
        assert selling.post(path, data=quote_form(price, lead_time)).status_code == 302
        quotes[supplier.public_id] = selling

    page = text_of(buying.get(f"/enterprises/{buyer.public_id}/rfqs/{rfq.public_id}"))
    assert "Quotes side by side" in page
    assert "798,000.00" in page and "820,100.00" in page  # 3990 × 200 and 4100.50 × 200
    assert "Cheapest" in page and "Fastest" in page
    cheap = db.session.scalar(select(Quote).where(Quote.supplier_enterprise_id == second.id))

    accepted = buying.post(f"/enterprises/{buyer.public_id}/quotes/{cheap.public_id}/accept")
    order = db.session.scalar(select(Order))
    assert accepted.headers["Location"] == f"/enterprises/{buyer.public_id}/orders/{order.public_id}"
    again = buying.post(f"/enterprises/{buyer.public_id}/quotes/{cheap.public_id}/accept")
    assert again.status_code == 409 and count(Order) == 1

    seller = quotes[second.public_id]
    assert "Confirm the order" in text_of(seller.get(f"/enterprises/{second.public_id}/orders/{order.public_id}"))
    assert seller.post(f"/enterprises/{second.public_id}/orders/{order.public_id}/confirm").status_code == 302

    shown = text_of(buying.get(f"/enterprises/{buyer.public_id}/orders/{order.public_id}"))
    assert "Awaiting payment" in shown and "798,000.00" in shown and "200 t" in shown
    assert "Confirmed by the seller" in shown  # the history
    assert order.public_id in text_of(buying.get(f"/enterprises/{buyer.public_id}/orders"))


def test_a_negative_price_is_refused_on_the_form_and_nothing_is_saved(buyer, suppliers, browser):
    post_rfq(browser(owner_of(buyer)), buyer)
    rfq = db.session.scalar(select(Rfq))
    selling = browser(owner_of(suppliers[0]))

    refused = selling.post(f"/enterprises/{suppliers[0].public_id}/rfqs/{rfq.public_id}/quote",
                           data=quote_form("-4100", 5))

    assert refused.status_code == 422
    assert "The price must be above zero." in text_of(refused)
    assert count(Quote) == 0


def test_a_quote_after_the_deadline_is_refused_with_a_clear_message(buyer, suppliers, browser):
    post_rfq(browser(owner_of(buyer)), buyer)
    rfq = db.session.scalar(select(Rfq))
    rfq.deadline = utcnow() - timedelta(minutes=5)
    db.session.commit()
    selling = browser(owner_of(suppliers[0]))

    refused = selling.post(f"/enterprises/{suppliers[0].public_id}/rfqs/{rfq.public_id}/quote",
                           data=quote_form("3990", 5))

    assert refused.status_code == 422
    assert "Quotes for this RFQ closed at" in text_of(refused)
    assert count(Quote) == 0


def test_a_deadline_in_the_past_is_refused_on_the_form(buyer, browser):
    refused = post_rfq(browser(owner_of(buyer)), buyer, deadline=utcnow() - timedelta(hours=2))
    assert refused.status_code == 422
    assert "The deadline must be in the future." in text_of(refused)
    assert count(Rfq) == 0


def test_buying_a_listing_on_its_buy_now_form(buyer, rebar, browser):
    buying = browser(owner_of(buyer))
    form = f"/enterprises/{buyer.public_id}/orders/new?listing={rebar.public_id}"
    assert "3,980.00" in text_of(buying.get(form))  # the 50 t tier
    order = {"listing": rebar.public_id, "delivery_address": "Lingang, Bohai 10th Road 88",
             "delivery_date": (date.today() + timedelta(days=10)).isoformat()}

    too_little = buying.post(f"/enterprises/{buyer.public_id}/orders", data=order | {"quantity": "2"})
    assert too_little.status_code == 422 and "The minimum order is 5" in text_of(too_little)
    assert count(Order) == 0

    placed = buying.post(f"/enterprises/{buyer.public_id}/orders", data=order | {"quantity": "60"})
    assert placed.status_code == 302
    shown = text_of(buying.get(placed.headers["Location"]))
    assert "238,800.00" in shown and "Placed, waiting for the seller" in shown  # 3980 × 60


def test_an_inquiry_answered_with_a_quote_the_buyer_accepts(buyer, seller, rebar, browser):
    buying, selling = browser(owner_of(buyer)), browser(owner_of(seller))
    assert buying.get(f"/enterprises/{buyer.public_id}/inquiries/new?listing={rebar.public_id}").status_code == 200
    sent = buying.post(f"/enterprises/{buyer.public_id}/inquiries",
                       data={"listing": rebar.public_id, "body": "Can you do 80 t by Friday?", "quantity": "80"})
    assert sent.status_code == 302
    inquiry_id = sent.headers["Location"].rsplit("/", 1)[1]
    thread = f"/enterprises/{seller.public_id}/inquiries/{inquiry_id}"
    assert "Can you do 80 t by Friday?" in text_of(selling.get(thread))
    assert selling.post(f"{thread}/messages", data={"body": "Yes, 3950 per tonne."}).status_code == 302
    assert selling.post(f"{thread}/quotes", data=quote_form("3950", 3) | {"quantity": "80"}).status_code == 302

    page = text_of(buying.get(f"/enterprises/{buyer.public_id}/inquiries/{inquiry_id}"))
    assert "Yes, 3950 per tonne." in page and "316,000.00" in page
    quote = db.session.scalar(select(Quote))
    accepted = buying.post(f"/enterprises/{buyer.public_id}/quotes/{quote.public_id}/accept")
    assert accepted.status_code == 302 and count(Order) == 1


def test_a_viewer_reads_the_orders_but_gets_no_buttons(world, buyer, rebar, browser):
    viewer = world.member(buyer, "viewer")
    reading = browser(viewer)
    assert reading.get(f"/enterprises/{buyer.public_id}/orders").status_code == 200
    assert "Post an RFQ" not in text_of(reading.get(f"/enterprises/{buyer.public_id}/rfqs"))
