"""Grade C may not bid, announce an auction, list or buy on a floor, or publish a catalog listing; the
refusal names the grade."""
import pytest
from sqlalchemy import func, select

from credit.terms.services import GradeBarred
from marketplace.catalog import services as catalog
from marketplace.database import utcnow
from marketplace.extensions import db
from tests.builders import owner_of
from tests.catalog.conftest import REBAR, REBAR_TIERS
from tests.settlement.fixtures import STEEL_SPEC
from tests.trading.auctions.auctions import announce, bid
from tests.trading.market import trading_token
from trading.auctions.models import AuctionBid
from trading.listings import services as listings
from trading.listings.models import FloorListing

BARRED = "Credit grade C may not place orders, bids or listings: the trading terms of grade C refuse it."


def _list_rebar(seller):
    return listings.create_listing(owner_of(seller), seller, "steel", "HRB400E 螺纹钢 Φ20mm 天津港", STEEL_SPEC,
                                   "1000", "10", "4000.00", "天津港 Tianjin Port", "2026-12")


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_grade_c_bidder_is_refused_naming_the_grade_and_its_bid_is_not_stored(grades, seller, buyer):
    now = utcnow()
    auction = announce(seller, "english", now)
    grades[buyer] = "C"
    with pytest.raises(GradeBarred) as refused:
        bid(buyer, auction, "4000.00", now)
    assert refused.value.errors == {"credit_grade": [BARRED]}
    assert _count(AuctionBid) == 0
    grades[buyer] = "CCC"
    bid(buyer, auction, "4000.00", now)
    assert _count(AuctionBid) == 1


def test_a_grade_c_enterprise_may_not_announce_an_auction(grades, seller):
    grades[seller] = "C"
    with pytest.raises(GradeBarred, match="grade C"):
        announce(seller, "english", utcnow())


def test_a_grade_c_seller_may_not_list_a_lot_on_a_floor(grades, seller):
    grades[seller] = "C"
    with pytest.raises(GradeBarred, match="grade C"):
        _list_rebar(seller)
    assert _count(FloorListing) == 0


def test_a_grade_c_buyer_may_not_buy_a_listed_lot(grades, seller, buyer):
    lot = _list_rebar(seller)
    grades[buyer] = "C"
    with pytest.raises(GradeBarred, match="grade C"):
        listings.purchase(owner_of(buyer), buyer, lot.public_id, "100")
    db.session.refresh(lot)
    assert lot.remaining == 1000


def test_a_grade_c_supplier_may_not_publish_a_catalog_listing_but_may_pause_one(grades, seller):
    owner = owner_of(seller)
    draft = catalog.create_listing(owner, seller, "product", "steel.rebar", price_tiers=REBAR_TIERS, **REBAR)
    published = catalog.create_listing(owner, seller, "product", "steel.rebar", price_tiers=REBAR_TIERS, **REBAR)
    catalog.move_listing(owner, published, "published")
    grades[seller] = "C"
    with pytest.raises(GradeBarred, match="grade C"):
        catalog.move_listing(owner, draft, "published")
    assert catalog.move_listing(owner, published, "paused").status == "paused"
    db.session.refresh(draft)
    assert draft.status == "draft"


def test_the_api_refuses_a_grade_c_floor_listing_as_problem_json_naming_the_grade(client, world, grades, seller):
    grades[seller] = "C"
    response = client.post("/api/v1/floor-listings", headers=trading_token(world, seller) | {"Accept-Language": "en"},
                           json={"floor": "steel", "title": "HRB400E 螺纹钢", "spec": STEEL_SPEC, "quantity": "100",
                                 "minimum_purchase": "10", "price": "4000.00", "delivery_place": "天津港",
                                 "delivery_month": "2026-12"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == {"credit_grade": [BARRED]}
    assert _count(FloorListing) == 0


def test_the_bid_form_shows_the_refusal(client, world, grades, seller, buyer):
    auction = announce(seller, "english", utcnow())
    grades[buyer] = "C"
    world.login(client, owner_of(buyer))
    response = client.post(f"/enterprises/{buyer.public_id}/auctions/{auction.public_id}/bids",
                           data={"price": "4000.00"}, headers={"Accept-Language": "en"})
    assert BARRED in response.get_data(as_text=True)
    assert _count(AuctionBid) == 0
