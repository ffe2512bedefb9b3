"""Auction pages, as people use them without JavaScript: a buyer posts the urea tender through the form,
suppliers offer, the buyer disqualifies one, and after the close both parties see the award and the contract."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.database import utcnow
from marketplace.extensions import db
from marketplace.i18n import SHANGHAI
from marketplace.sourcing.forms import LOCAL_MINUTE
from tests.builders import owner_of
from tests.trading.auctions.auctions import HOUR, announce, bid
from tests.trading.market import UREA_SPEC
from tests.web.conftest import text_of
from trading.auctions import services
from trading.auctions.models import Auction, AuctionBid
from trading.contracts.models import Contract


def in_beijing(moment):
    return moment.astimezone(SHANGHAI).strftime(LOCAL_MINUTE)


def tender_form(**changes):
    form = {"kind": "reverse", "title": "Urea tender 5,000 t", "quantity": "5000", "reserve": "2600.00",
            "increment": "5.00", "closes_at": in_beijing(utcnow() + 2 * HOUR), "delivery_place": "天津港南疆散货码头",
            "delivery_month": "2026-09"}
    return form | {f"spec_{name}": value for name, value in UREA_SPEC.items()} | changes


@pytest.fixture
def suppliers(world):
    return [world.enterprise(kinds=("supplier",)) for _ in range(2)]


def signed_in(app, world, enterprise):
    client = app.test_client()
    world.login(client, owner_of(enterprise))
    return client


def test_the_urea_tender_through_the_pages(app, world, buyer, suppliers):
    cangzhou, dagang = suppliers
    desk = signed_in(app, world, buyer)
    assert "CAS number" in text_of(desk.get(f"/enterprises/{buyer.public_id}/auctions/new?floor=chemicals"))

    refused = desk.post(f"/enterprises/{buyer.public_id}/auctions/new?floor=chemicals",
                        data=tender_form(spec_cas_number="57-13-7"))
    assert refused.status_code == 422 and "check digit" in text_of(refused)
    posted = desk.post(f"/enterprises/{buyer.public_id}/auctions/new?floor=chemicals", data=tender_form())
    assert posted.status_code == 302
    tender = db.session.scalar(select(Auction))
    assert posted.headers["Location"].endswith(f"/enterprises/{buyer.public_id}/auctions/{tender.public_id}")

    offers = {}
    for supplier, price in ((cangzhou, "2550.00"), (dagang, "2490.00")):
        client = signed_in(app, world, supplier)
        page = text_of(client.get(f"/auctions/{tender.public_id}"))
        assert "Bid as" in page and "5,000 t" in page and "Ceiling price CN¥2,600.00" in page
        sent = client.post(f"/enterprises/{supplier.public_id}/auctions/{tender.public_id}/bids", data={"price": price})
        assert sent.status_code == 302
        offers[supplier.public_id] = client
    too_high = offers[cangzhou.public_id].post(f"/enterprises/{cangzhou.public_id}/auctions/{tender.public_id}/bids",
                                               data={"price": "2488.00"})
    assert too_high.status_code == 422 and "at most CN¥2,485.00" in text_of(too_high)

    lowest = db.session.scalar(select(AuctionBid).where(AuctionBid.price_minor == 249_000))
    owner_page = text_of(desk.get(f"/enterprises/{buyer.public_id}/auctions/{tender.public_id}"))
    assert dagang.name_en in owner_page or dagang.name_zh in owner_page
    disqualified = desk.post(f"/enterprises/{buyer.public_id}/auctions/{tender.public_id}/bids/"
                             f"{lowest.public_id}/disqualify", data={"reason": "Purity certificate missing"})
    assert disqualified.status_code == 302
    supplier_page = text_of(offers[dagang.public_id].get(
        f"/enterprises/{dagang.public_id}/auctions/{tender.public_id}"))
    assert "disqualified: Purity certificate missing" in supplier_page

    services.close_due_auctions(now=utcnow() + 3 * HOUR)

    closed = desk.get(f"/enterprises/{buyer.public_id}/auctions/{tender.public_id}")
    contract = db.session.scalar(select(Contract))
    assert "awarded" in text_of(closed) and "CN¥2,550.00" in text_of(closed)
    assert f"/enterprises/{buyer.public_id}/contracts/{contract.public_id}" in closed.get_data(as_text=True)
    assert (contract.seller, contract.status) == (cangzhou, "awaiting_payment")
    public = text_of(app.test_client().get(f"/auctions/{tender.public_id}"))
    assert "awarded" in public and "Open the contract" not in public


def test_the_public_list_shows_open_and_recently_closed_auctions_by_floor_and_kind(app, world, seller, buyer):
    start = utcnow().replace(microsecond=0)
    rebar = announce(seller, "english", start)
    urea = announce(buyer, "reverse", start)
    old = announce(seller, "sealed", start - 3 * HOUR)
    client = app.test_client()

    everything = client.get("/auctions")
    assert everything.status_code == 200
    listed = everything.get_data(as_text=True)
    assert rebar.public_id in listed and urea.public_id in listed
    recent = text_of(everything).split("Closed lately")[1]
    assert old.title in recent and "no bids" in recent  # the list closed the overdue auction itself

    tenders = client.get("/auctions?floor=chemicals&kind=reverse").get_data(as_text=True)
    assert urea.public_id in tenders and rebar.public_id not in tenders


def test_sealed_bids_are_hidden_on_the_page_until_the_close(app, world, seller, buyer):
    start = utcnow().replace(microsecond=0)
    auction = announce(seller, "sealed", start - timedelta(minutes=30))
    bid(buyer, auction, "4400.00", start - timedelta(minutes=20))

    seller_page = text_of(signed_in(app, world, seller).get(
        f"/enterprises/{seller.public_id}/auctions/{auction.public_id}"))
    assert "1 sealed bid" in seller_page and "CN¥4,400.00" not in seller_page
    own = text_of(signed_in(app, world, buyer).get(f"/enterprises/{buyer.public_id}/auctions/{auction.public_id}"))
    assert "CN¥4,400.00" in own and "(you)" in own

    services.close_due_auctions(now=start + HOUR)
    after = text_of(app.test_client().get(f"/auctions/{auction.public_id}"))
    assert "CN¥4,400.00" in after and "won" in after


def test_my_auctions_lists_what_we_announced_and_what_we_bid_in(app, world, seller, buyer):
    start = utcnow().replace(microsecond=0)
    ours = announce(seller, "english", start)
    theirs = announce(buyer, "english", start)
    bid(seller, theirs, "4000.00", start + timedelta(seconds=1))

    page = signed_in(app, world, seller).get(f"/enterprises/{seller.public_id}/auctions")

    announced, bidding = page.get_data(as_text=True).split('id="bidding-title"')
    assert ours.public_id in announced and theirs.public_id not in announced and "Announce an auction" in announced
    assert theirs.public_id in bidding and ours.public_id not in bidding


def test_the_auction_page_in_chinese(app, world, buyer):
    tender = announce(buyer, "reverse", utcnow())

    page = app.test_client().get(f"/auctions/{tender.public_id}", headers={"Accept-Language": "zh-CN"})

    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert re.search(r'<html lang="zh-CN"', body)
    assert "化工交易厅" in body and "CAS 号" in body and "¥2,600.00" in body
